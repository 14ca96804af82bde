"""GET and PATCH /customers/{id}: access rules, documents, ETags, hooks."""
import pytest

from customers.models import Customer
from customers.signals import customer_after_patch_customer, customer_before_patch_customer
from shopsite.hooks import Status
from shopsite.testing import api_url, connected, fault_of

pytestmark = pytest.mark.django_db


def url(customer_id):
    return api_url("customers", customer_id)


def test_get_own_customer(as_customer, customer):
    Customer.objects.filter(pk=customer.pk).update(first_name="John", gender=1, phone_mobile="345670003",
                                                   custom={"c_origin": "webshop"})
    response = as_customer.get(url(customer.customer_id))
    assert response.status_code == 200
    body = response.json()
    assert body["_type"] == "customer" and body["auth_type"] == "registered"
    assert (body["login"], body["first_name"], body["gender"], body["phone_mobile"], body["c_origin"]) == (
        "jsmith", "John", 1, "345670003", "webshop")
    assert "password" not in body and "fax" not in body  # never the hash; unset values omitted
    assert response["Cache-Control"] == "no-cache,no-store,must-revalidate"
    assert len(response["ETag"]) == 64


def test_guest_token_reads_the_guest_only(api, guest, customer, jwt_for):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(guest, kind='guest')}")
    body = api.get(url(guest.customer_id)).json()
    assert body == {"_v": "16.4", "_type": "customer", "auth_type": "guest", "customer_id": guest.customer_id,
                    "preferred_locale": "default"}
    assert fault_of(api.get(url(customer.customer_id)), 400)["type"] == "InvalidCustomerException"


def test_customer_of_another_site_is_not_found_for_oauth(as_server, other_site, make_customer):
    elsewhere = make_customer("elsewhere", site=other_site)
    assert fault_of(as_server.get(url(elsewhere.customer_id)), 404)["type"] == "CustomerNotFoundException"
    assert as_server.get(api_url("customers", elsewhere.customer_id, site="OtherSite")).status_code == 200


def test_unknown_expand_value_is_400(as_customer, customer):
    response = as_customer.get(url(customer.customer_id) + "?expand=friends")
    assert fault_of(response, 400)["type"] == "ParameterConstraintViolationException"


def test_get_in_xml(as_customer, customer):
    response = as_customer.get(url(customer.customer_id), HTTP_ACCEPT="application/xml")
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?><customer _v="16.4">')
    assert b"<enabled>true</enabled>" in response.content


def test_patch_changes_profile_and_custom_attributes(as_customer, customer):
    body = {"email": "new@example.com", "fax": "+49 03641 78393 343", "c_origin": "webshop", "birthday": "1980-02-29"}
    response = as_customer.patch(url(customer.customer_id), body, format="json")
    assert response.status_code == 200, response.content
    doc = response.json()
    assert (doc["email"], doc["fax"], doc["c_origin"], doc["birthday"]) == (
        "new@example.com", "+49 03641 78393 343", "webshop", "1980-02-29")
    customer.refresh_from_db()
    assert customer.email == "new@example.com" and customer.email_key == "new@example.com"
    assert customer.custom == {"c_origin": "webshop"}
    removed = as_customer.patch(url(customer.customer_id), {"c_origin": None, "fax": None}, format="json").json()
    assert "c_origin" not in removed and "fax" not in removed


@pytest.mark.parametrize("name", ["customer_no", "login", "creation_date", "customer_id", "auth_type", "enabled"])
def test_patch_read_only_property(as_customer, customer, name):
    fault = fault_of(as_customer.patch(url(customer.customer_id), {name: "x"}, format="json"), 400)
    assert fault["type"] == "ReadOnlyPropertyException"
    assert fault["arguments"] == {"property": name}


def test_patch_unknown_property(as_customer, customer):
    fault = fault_of(as_customer.patch(url(customer.customer_id), {"hobby": "chess"}, format="json"), 400)
    assert fault["type"] == "UnknownPropertyException"


def test_patch_invalid_email(as_customer, customer):
    fault = fault_of(as_customer.patch(url(customer.customer_id), {"email": "nope@"}, format="json"), 400)
    assert fault == {"type": "InvalidEmailException", "message": "The email address 'nope@' is not valid.",
                     "arguments": {"email": "nope@"}}
    customer.refresh_from_db()
    assert customer.email == "jsmith@example.com"


@pytest.mark.parametrize("body", [{"first_name": 5}, {"gender": True}, {"title": "t" * 257}, {"phone_home": "1" * 33}])
def test_patch_wrong_types_and_lengths(as_customer, customer, body):
    response = as_customer.patch(url(customer.customer_id), body, format="json")
    assert fault_of(response, 400)["type"] == "PropertyConstraintViolationException"


def test_patch_if_match(as_customer, customer):
    etag = as_customer.get(url(customer.customer_id))["ETag"]
    stale = as_customer.patch(url(customer.customer_id), {"first_name": "A"}, format="json", HTTP_IF_MATCH="f" * 64)
    assert fault_of(stale, 412)["type"] == "InvalidIfMatchException"
    customer.refresh_from_db()
    assert customer.first_name == ""
    fresh = as_customer.patch(url(customer.customer_id), {"first_name": "A"}, format="json", HTTP_IF_MATCH=etag)
    assert fresh.status_code == 200 and fresh["ETag"] != etag
    assert as_customer.get(url(customer.customer_id))["ETag"] == fresh["ETag"]


def test_etag_with_expand_is_the_customers_own(as_customer, customer):
    plain = as_customer.get(url(customer.customer_id))["ETag"]
    from customers.documents import EXPANSIONS

    if EXPANSIONS:
        expanded = as_customer.get(url(customer.customer_id) + "?expand=" + ",".join(EXPANSIONS))
        assert expanded["ETag"] == plain


def test_patch_by_oauth_and_unknown_customer(as_server, customer):
    assert as_server.patch(url(customer.customer_id), {"title": "Dr."}, format="json").json()["title"] == "Dr."
    assert fault_of(as_server.patch(url("unknown"), {"title": "x"}, format="json"), 404)["arguments"] == {
        "customerId": "unknown"}


def test_patch_hooks_receive_customer_and_input_and_can_refuse(as_customer, customer):
    calls = []

    def before(sender, customer, customer_input, **kwargs):
        calls.append(("before", customer.first_name, customer_input))

    def after(sender, customer, customer_input, **kwargs):
        calls.append(("after", customer.first_name, customer_input))
        return Status.error("AFTER", "Refused")

    with connected(customer_before_patch_customer, before), connected(customer_after_patch_customer, after):
        response = as_customer.patch(url(customer.customer_id), {"first_name": "Zed"}, format="json")
    assert calls == [("before", "", {"first_name": "Zed"}), ("after", "Zed", {"first_name": "Zed"})]
    assert fault_of(response, 400)["arguments"]["extensionPoint"] == "dw.ocapi.shop.customer.afterPatchCustomer"
    customer.refresh_from_db()
    assert customer.first_name == ""


def test_patch_in_xml(as_customer, customer):
    body = "<customer><first_name>Xavier</first_name><gender>1</gender></customer>"
    response = as_customer.patch(url(customer.customer_id), body, content_type="text/xml")
    assert response.status_code == 200, response.content
    customer.refresh_from_db()
    assert (customer.first_name, customer.gender) == ("Xavier", 1)


def test_patch_in_xml_clears_a_number_with_an_empty_element(as_customer, customer):
    # Found by the schemathesis gate's XML bodies: XML has no null, and an empty <gender/>
    # was the string "" (400), so an XML client could never clear a number or a flag.
    Customer.objects.filter(pk=customer.pk).update(gender=2)
    response = as_customer.patch(url(customer.customer_id), "<customer><gender/></customer>", content_type="text/xml")
    assert response.status_code == 200, response.content
    assert "gender" not in response.json()
    customer.refresh_from_db()
    assert customer.gender is None


def test_patch_via_method_override(as_customer, customer):
    response = as_customer.post(url(customer.customer_id), {"title": "Prof."}, format="json",
                                HTTP_X_DW_HTTP_METHOD_OVERRIDE="PATCH")
    assert response.status_code == 200 and response.json()["title"] == "Prof."


def test_resource_name_is_case_insensitive_but_id_is_not(as_customer, customer):
    assert as_customer.get(f"/dw/shop/v16_4/Customers/{customer.customer_id}").status_code == 200
    assert as_customer.get(api_url("customers", customer.customer_id.swapcase())).status_code == 400


def test_get_customer_costs_few_queries(as_customer, customer, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert as_customer.get(url(customer.customer_id)).status_code == 200


def test_the_writable_profile_is_the_models_profile():
    """One list of the profile (customers.models.WRITABLE_PROFILE_FIELDS): each text
    property's limit is its column's, the others are not text."""
    from django.db import models

    from customers.models import PROFILE_TEXT_FIELDS, WRITABLE_PROFILE_FIELDS

    for name, limit in WRITABLE_PROFILE_FIELDS.items():
        field = Customer._meta.get_field(name)
        assert (field.max_length if isinstance(field, models.CharField) else None) == limit, name
    assert set(PROFILE_TEXT_FIELDS) == {name for name, limit in WRITABLE_PROFILE_FIELDS.items() if limit}
