"""The customer's admin page shows what the addresses, payments and orders apps register
(customers.admin.registry), and the customers app imports none of them."""
import ast
from pathlib import Path

import pytest
from django.urls import reverse

from addresses.models import CustomerAddress
from customers.admin.customer import CustomerAdmin, CustomerTokenInline
from customers.models import CustomerToken
from orders.models import Basket, Order
from payments.models import CustomerPaymentInstrument

pytestmark = pytest.mark.django_db

EXTENDING_APPS = {"addresses", "payments", "orders", "productlists"}


def test_the_change_page_shows_the_registered_inlines_then_the_tokens(admin_client, full_customer):
    response = admin_client.get(reverse("admin:customers_customer_change", args=[full_customer.pk]))

    assert response.status_code == 200
    inlines = {inline.formset.model: inline.formset for inline in response.context["inline_admin_formsets"]}
    assert list(inlines) == [CustomerAddress, CustomerPaymentInstrument, CustomerToken]
    assert [form.instance.address_id for form in inlines[CustomerAddress].forms] == ["home", "work"]
    assert len(inlines[CustomerPaymentInstrument].forms) == 1 and len(inlines[CustomerToken].forms) == 1


def test_the_change_page_shows_the_registered_summaries_after_the_dates(admin_client, full_customer):
    response = admin_client.get(reverse("admin:customers_customer_change", args=[full_customer.pk]))
    page = response.content.decode()

    titles = [fieldset.name for fieldset in response.context["adminform"]]
    assert titles == [None, "Profile", "Access", "Dates", "Orders and baskets", "Product lists",
                      "Agent activity (writes through on-behalf tokens)", "Custom attributes"]
    order, basket = Order.objects.get(), Basket.objects.get()
    for kind, container in (("order", order), ("basket", basket)):
        assert 'class="form-row field-' + kind + 's_summary"' in page
        assert reverse(f"admin:orders_{kind}_change", args=[container.pk]) in page
        assert f"/admin/orders/{kind}/?customer__id__exact={full_customer.pk}" in page
    assert order.order_no in page and basket.basket_id in page


def test_the_add_page_has_no_summaries(admin_client):
    response = admin_client.get("/admin/customers/customer/add/")
    assert "Orders and baskets" not in [fieldset.name for fieldset in response.context["adminform"]]


def test_the_erase_confirmation_counts_what_the_apps_register(admin_client, full_customer):
    response = admin_client.post("/admin/customers/customer/", {"action": "erase",
                                                                "_selected_action": [full_customer.pk]})
    page = response.content.decode()

    assert response.context["columns"] == ["addresses", "payment instruments", "baskets", "orders kept",
                                           "product lists", "active tokens"]
    assert ("<th>addresses</th><th>payment instruments</th><th>baskets</th><th>orders kept</th>"
            "<th>product lists</th><th>active tokens</th>") in page
    assert "<td>2</td><td>1</td><td>1</td><td>1</td><td>0</td><td>1</td>" in page


def test_no_app_patches_the_customer_admin():
    assert CustomerAdmin.inlines == [CustomerTokenInline]


def test_the_customer_admin_imports_none_of_the_apps_that_extend_it():
    """Dependencies run one way: addresses, payments and orders import customers, never back."""
    customers = Path(__file__).resolve().parents[1]
    sources = [*sorted((customers / "admin").glob("*.py")), customers / "selectors.py"]
    imported = {}
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text(), str(source))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                if name.split(".")[0] in EXTENDING_APPS:
                    imported.setdefault(source.name, []).append(name)
    assert len(sources) > 5 and imported == {}
