"""Names hold no line breaks: refused on every way in, printed on one line in emails."""
import pytest
from django.core import mail
from rest_framework.exceptions import ValidationError

from customers import services
from customers.models import Customer
from shopsite.testing import admin_form_data, api_url
from shopsite.validators import NAME_FIELDS

pytestmark = pytest.mark.django_db
BREAKS = ["\n", "\r", "\t", "\x07", "\x85", "\u2028", "\u2029"]


def name_fault(name):
    return {"_v": "16.4", "_type": "fault", "fault": {
        "type": "PropertyConstraintViolationException",
        "message": f"Property '{name}': A name cannot contain control characters or line breaks."}}


@pytest.mark.parametrize("name", NAME_FIELDS)
@pytest.mark.parametrize("char", BREAKS)
def test_registration_refuses_names_with_line_breaks(as_guest, name, char):
    customer = {"login": "eve", "email": "eve@example.com", "last_name": "Eve", name: f"Eve{char}Bcc: x@example.com"}
    response = as_guest.post(api_url("customers"), {"password": "12345!aBcD", "customer": customer}, format="json")
    assert response.status_code == 400
    assert response.json() == name_fault(name)
    assert not Customer.objects.filter(auth_type=Customer.REGISTERED).exists()


@pytest.mark.parametrize("name", NAME_FIELDS)
def test_patch_refuses_names_with_line_breaks(as_customer, customer, name):
    before = Customer.objects.values().get(pk=customer.pk)
    response = as_customer.patch(api_url("customers", customer.customer_id), {name: "Eve\r\nSmith", "fax": "1"},
                                 format="json")
    assert response.status_code == 400
    assert response.json() == name_fault(name)
    assert Customer.objects.values().get(pk=customer.pk) == before


def test_the_shell_services_refuse_them_too(site, customer):
    with pytest.raises(ValidationError) as raised:
        services.customer_update(customer=customer, changes={"first_name": "Eve\nSmith"})
    assert list(raised.value.detail) == ["first_name"]
    with pytest.raises(ValidationError):
        services.customer_register(site=site, password_required=False, registration={
            "customer": {"login": "eve", "email": "eve@example.com", "last_name": "Eve\u2028Smith"}})
    assert Customer.objects.get(pk=customer.pk).first_name == ""
    assert not Customer.objects.filter(login="eve").exists()


def test_names_without_line_breaks_are_kept_as_sent(as_customer, customer):
    response = as_customer.patch(api_url("customers", customer.customer_id),
                                 {"first_name": "Zoë-Anne", "company_name": "O'Brien & Sons  Ltd."}, format="json")
    assert response.status_code == 200
    assert Customer.objects.get(pk=customer.pk).company_name == "O'Brien & Sons  Ltd."


@pytest.mark.parametrize("name", ["first_name", "job_title"])
def test_the_admin_form_refuses_names_with_line_breaks(admin_client, customer, name):
    url = f"/admin/customers/customer/{customer.pk}/change/"
    response = admin_client.post(url, admin_form_data(admin_client.get(url), **{name: "Eve\nBcc: x@example.com"}))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[name] == [
        "A name cannot contain control characters or line breaks."]
    assert getattr(Customer.objects.get(pk=customer.pk), name) == ""


def test_the_admin_add_form_refuses_them_too(admin_client, site):
    page = admin_client.get("/admin/customers/customer/add/")
    response = admin_client.post("/admin/customers/customer/add/", admin_form_data(
        page, site=site.pk, login="eve", email="eve@example.com", last_name="Eve\tSmith"))
    assert response.status_code == 200 and "last_name" in response.context["adminform"].form.errors
    assert not Customer.objects.exists()


def test_the_reset_email_prints_a_stored_name_on_one_line(api, make_customer, django_capture_on_commit_callbacks):
    customer = make_customer("eve", email="eve@example.com")
    Customer.objects.filter(pk=customer.pk).update(first_name="Eve\r\nBcc: victim@example.com\u2028\tP.S.")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(api_url("customers", "password_reset"), {"identification": "eve", "type": "login"},
                            format="json")
    assert response.status_code == 204
    lines = mail.outbox[0].body.splitlines()
    assert lines[0] == "Hello Eve Bcc: victim@example.com P.S.,"
    assert not any(line.startswith(("Bcc", "P.S.")) for line in lines)


def test_a_name_of_nothing_but_line_breaks_greets_by_login(api, make_customer, django_capture_on_commit_callbacks):
    customer = make_customer("eve", email="eve@example.com")
    Customer.objects.filter(pk=customer.pk).update(first_name="\r\n")
    with django_capture_on_commit_callbacks(execute=True):
        api.post(api_url("customers", "password_reset"), {"identification": "eve", "type": "login"}, format="json")
    assert mail.outbox[0].body.splitlines()[0] == "Hello eve,"
