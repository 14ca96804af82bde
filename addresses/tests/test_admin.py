"""The back office: the address book inline on the customer, and the address list."""
import pytest

from addresses.admin import CustomerAddressInline
from addresses.models import CustomerAddress
from customers.admin.registry import CUSTOMER_ADMIN_INLINES
from shopsite.testing import admin_form_data

pytestmark = pytest.mark.django_db


def form_data(response):
    """The POST data of a rendered admin change form, as a browser would send it unchanged."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(name): value for name, value in management.initial.items()})
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()  # already prepared for the widget (JSON as text)
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return {key: ("" if value is None else value) for key, value in data.items()}


def test_the_customer_admin_shows_the_address_book(admin_client, customer, make_address):
    make_address(customer, "me", city="Woburn", preferred=True)

    response = admin_client.get(f"/admin/customers/customer/{customer.pk}/change/")

    assert response.status_code == 200
    assert CustomerAddressInline in CUSTOMER_ADMIN_INLINES  # registered, not patched into CustomerAdmin
    [formset] = [i.formset for i in response.context["inline_admin_formsets"] if i.formset.model is CustomerAddress]
    assert [form.instance.address_id for form in formset.forms] == ["me"]
    assert "Woburn" in response.content.decode()


def test_inline_moves_the_preferred_flag(admin_client, customer, make_address):
    me = make_address(customer, "me", preferred=True)
    work = make_address(customer, "work")
    url = f"/admin/customers/customer/{customer.pk}/change/"
    data = form_data(admin_client.get(url))
    prefixes = {value: key.removesuffix("-address_id") for key, value in data.items() if key.endswith("-address_id")}
    data.pop(f"{prefixes['me']}-preferred")
    data[f"{prefixes['work']}-preferred"] = "on"

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    me.refresh_from_db()
    work.refresh_from_db()
    assert (me.preferred, work.preferred) == (False, True)


def test_inline_refuses_two_preferred_addresses(admin_client, customer, make_address):
    make_address(customer, "me", preferred=True)
    work = make_address(customer, "work")
    url = f"/admin/customers/customer/{customer.pk}/change/"
    data = form_data(admin_client.get(url))
    prefixes = {value: key.removesuffix("-address_id") for key, value in data.items() if key.endswith("-address_id")}
    data[f"{prefixes['work']}-preferred"] = "on"

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Only one address of a customer can be preferred." in response.content.decode()
    work.refresh_from_db()
    assert work.preferred is False


def test_address_admin_search(admin_client, customer, make_customer, make_address):
    make_address(customer, "me", city="Woburn")
    make_address(make_customer(login="other"), "cottage", city="Dover")

    by_city = admin_client.get("/admin/addresses/customeraddress/", {"q": "woburn"})
    by_login = admin_client.get("/admin/addresses/customeraddress/", {"q": "other"})
    by_filter = admin_client.get("/admin/addresses/customeraddress/", {"preferred__exact": "0"})

    assert [a.address_id for a in by_city.context["cl"].result_list] == ["me"]
    assert [a.address_id for a in by_login.context["cl"].result_list] == ["cottage"]
    assert by_filter.context["cl"].result_count == 2


def test_address_admin_save_takes_the_preferred_flag(admin_client, customer, make_address):
    me = make_address(customer, "me", preferred=True)
    work = make_address(customer, "work")
    url = f"/admin/addresses/customeraddress/{work.pk}/change/"
    data = form_data(admin_client.get(url))
    data["preferred"] = "on"
    data["city"] = "Boston"

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    me.refresh_from_db()
    work.refresh_from_db()
    assert (me.preferred, work.preferred, work.city) == (False, True, "Boston")


def test_address_admin_refuses_a_duplicate_id_and_a_bad_country(admin_client, customer, make_address):
    make_address(customer, "me")
    work = make_address(customer, "work")
    url = f"/admin/addresses/customeraddress/{work.pk}/change/"
    data = {**form_data(admin_client.get(url)), "address_id": "me", "country_code": "usa"}

    response = admin_client.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Customer address id is already in use." in str(errors)
    assert "country_code" in errors
    work.refresh_from_db()
    assert work.address_id == "work"


@pytest.mark.parametrize("custom", ['{"address_id": "hijack"}', '{"c_bad name": 1}', "[1, 2]", '"c_x"'])
def test_address_admin_refuses_custom_attributes_that_are_not_c_names(admin_client, customer, make_address, custom):
    work = make_address(customer, "work", custom={"c_floor": 2})
    url = f"/admin/addresses/customeraddress/{work.pk}/change/"
    data = admin_form_data(admin_client.get(url), custom=custom)

    response = admin_client.post(url, data)

    assert response.status_code == 200  # the form again, with the error
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["custom"]
    assert "custom attribute" in errors["custom"][0].lower()
    work.refresh_from_db()
    assert work.custom == {"c_floor": 2}
