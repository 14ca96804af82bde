"""The back office: lists with items inline, items with purchases inline, search, the summary
on the customer's page, the erase count, the agents' permissions."""
import pytest
from django.contrib.auth import get_user_model

from customers.admin.registry import CUSTOMER_ADMIN_SUMMARIES, CUSTOMER_ERASE_COUNTS
from customers.agents import AGENT_GROUP, agent_group
from productlists.admin import product_lists_summary
from productlists.models import ProductList, ProductListItem, ProductListItemPurchase
from shopsite.testing import admin_form_data

pytestmark = pytest.mark.django_db
LISTS = "/admin/productlists/productlist/"
ITEMS = "/admin/productlists/productlistitem/"


def test_the_customer_page_summarises_the_lists(admin_client, customer, make_list, make_item):
    wishes = make_list(customer, name="Birthday wishes", public=True)
    make_item(wishes, "P1")
    make_item(wishes, "P2")

    page = admin_client.get(f"/admin/customers/customer/{customer.pk}/change/").content.decode()

    assert any(summary.render is product_lists_summary for summary in CUSTOMER_ADMIN_SUMMARIES)
    assert "Birthday wishes" in page and f"{LISTS}{wishes.pk}/change/" in page
    assert f"{LISTS}?customer__id__exact={customer.pk}" in page
    assert "product lists" in [count.name for count in CUSTOMER_ERASE_COUNTS]


def test_the_list_search(admin_client, customer, make_customer, make_list):
    make_list(customer, name="Wedding", registrant_last_name="Fairweather")
    make_list(make_customer("other"), name="Groceries")

    def found(term):
        response = admin_client.get(LISTS, {"q": term})
        assert response.status_code == 200
        return sorted(str(row) for row in response.context["cl"].result_list)

    assert found("fairweather") == ["Wedding"]
    assert found("other@example.com") == ["Groceries"]
    assert found(customer.customer_id) == ["Wedding"]
    assert found("Groc") == ["Groceries"]


def test_a_list_page_edits_its_items_inline(admin_client, customer, make_list, make_item, home):
    wishes = make_list(customer, name="Wishes")
    item = make_item(wishes, "P1")
    url = f"{LISTS}{wishes.pk}/change/"
    page = admin_client.get(url)
    [formset] = [inline.formset for inline in page.context["inline_admin_formsets"]]
    prefix = formset.prefix
    data = admin_form_data(page, name="Renamed", shipping_address=home.pk, **{
        f"{prefix}-0-quantity": "3", f"{prefix}-TOTAL_FORMS": "2", f"{prefix}-1-type": "gift_certificate",
        f"{prefix}-1-quantity": "1", f"{prefix}-1-priority": "0"})

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    wishes.refresh_from_db()
    item.refresh_from_db()
    assert (wishes.name, wishes.shipping_address, item.quantity) == ("Renamed", home, 3)
    assert wishes.items.filter(type="gift_certificate").count() == 1


def test_the_inline_keeps_one_gift_certificate_and_the_limit(admin_client, customer, make_list, settings):
    wishes = make_list(customer)
    url = f"{LISTS}{wishes.pk}/change/"
    page = admin_client.get(url)
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    two = {f"{prefix}-TOTAL_FORMS": "2"}
    for index in (0, 1):
        two.update({f"{prefix}-{index}-type": "gift_certificate", f"{prefix}-{index}-quantity": "1",
                    f"{prefix}-{index}-priority": "0"})

    response = admin_client.post(url, admin_form_data(page, **two))
    assert response.status_code == 200
    assert "A list holds one gift certificate item at most." in response.content.decode()

    settings.SHOPSITE_MAX_PRODUCT_LIST_ITEMS = 1
    two[f"{prefix}-1-type"] = "product"
    two[f"{prefix}-1-product_id"] = "P1"
    response = admin_client.post(url, admin_form_data(page, **two))
    assert "No more than 1 items per product list." in response.content.decode()
    assert not ProductListItem.objects.exists()


def test_addresses_of_another_customer_cannot_be_chosen(admin_client, customer, make_customer, make_list):
    wishes = make_list(customer)
    elsewhere = make_customer("other").addresses.create(address_id="cottage")
    url = f"{LISTS}{wishes.pk}/change/"

    response = admin_client.post(url, admin_form_data(admin_client.get(url), shipping_address=elsewhere.pk))

    assert response.status_code == 200
    wishes.refresh_from_db()
    assert wishes.shipping_address is None


def test_adding_a_list_keeps_the_limit(admin_client, customer, make_list, settings):
    settings.SHOPSITE_MAX_PRODUCT_LISTS = 1
    make_list(customer)
    page = admin_client.get(f"{LISTS}add/")

    response = admin_client.post(f"{LISTS}add/", admin_form_data(page, customer=customer.pk, type="wish_list"))

    assert response.status_code == 200
    assert "No more than 1 product lists per customer." in response.content.decode()
    assert ProductList.objects.count() == 1


def test_an_item_page_records_purchases(admin_client, customer, make_list, make_item):
    item = make_item(make_list(customer), "P1")
    url = f"{ITEMS}{item.pk}/change/"
    page = admin_client.get(url)
    prefix = page.context["inline_admin_formsets"][0].formset.prefix

    response = admin_client.post(url, admin_form_data(page, **{
        f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-purchaser_name": "Jane Doe", f"{prefix}-0-quantity": "1",
        f"{prefix}-0-order_no": "00001234"}))

    assert response.status_code == 302, response.context and response.context["errors"]
    assert ProductListItemPurchase.objects.get().order_no == "00001234"
    assert admin_client.get(ITEMS, {"q": "P1"}).context["cl"].result_count == 1
    assert admin_client.get("/admin/productlists/productlistitempurchase/", {"q": "jane"}).status_code == 200


def test_agents_look_after_product_lists(client, customer, make_list):
    agent = get_user_model().objects.create_user("agent", "agent@example.com", "agent-password-1", is_staff=True)
    agent.groups.add(agent_group())
    make_list(customer, name="Wishes")
    client.force_login(agent)

    assert client.get(LISTS).status_code == 200
    assert client.get(f"{LISTS}add/").status_code == 200
    assert {f"productlists.{action}_{model}" for action in ("view", "add", "change", "delete")
            for model in ("productlist", "productlistitem", "productlistitempurchase")} <= agent.get_all_permissions()
    assert get_user_model().objects.get(pk=agent.pk).groups.get().name == AGENT_GROUP
