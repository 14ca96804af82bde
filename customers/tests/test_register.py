"""POST /customers: registration with a guest JWT and with OAuth, every fault of its table."""
import threading

import pytest
from django.db import connection

from customers.models import Customer
from customers.signals import customer_after_post, customer_before_post
from shopsite.testing import api_url, connected, fault_of, hook_fault

pytestmark = pytest.mark.django_db
URL = api_url("customers")


def registration(login="newbie", password="12345!aBcD", **customer):
    customer = {"login": login, "email": f"{login}@example.com", "last_name": "Smith", **customer}
    body = {"customer": customer}
    if password is not None:
        body["password"] = password
    return body


def test_register_with_a_guest_jwt(as_guest):
    response = as_guest.post(URL, registration(first_name="John"), format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    customer = Customer.objects.get(login="newbie")
    assert body == {
        "_v": "16.4", "_type": "customer", "auth_type": "registered",
        "creation_date": body["creation_date"], "customer_id": customer.customer_id,
        "customer_no": customer.customer_no, "email": "newbie@example.com", "enabled": True,
        "first_name": "John", "last_modified": body["last_modified"], "last_name": "Smith", "login": "newbie",
    }
    assert len(customer.customer_id) == 26 and customer.customer_no == f"{customer.pk:08d}"
    assert body["creation_date"].endswith("Z") and len(body["creation_date"]) == 24
    assert response["Cache-Control"] == "no-cache,no-store,must-revalidate"
    assert len(response["ETag"]) == 64
    assert customer.check_password("12345!aBcD") and "12345!aBcD" not in customer.password


@pytest.mark.real_hashing
def test_passwords_are_hashed_with_argon2id(as_guest):
    as_guest.post(URL, registration(), format="json")
    encoded = Customer.objects.get(login="newbie").password
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_register_with_oauth_and_no_password(as_server):
    response = as_server.post(URL, registration(password=None), format="json")
    assert response.status_code == 200, response.content
    assert Customer.objects.get(login="newbie").password.startswith("!")  # unusable until a reset


def test_oauth_registration_must_not_send_a_password(as_server):
    response = as_server.post(URL, registration(), format="json")
    assert fault_of(response, 400)["type"] == "InvalidPasswordException"
    assert not Customer.objects.filter(login="newbie").exists()


def test_registered_customer_cannot_register_again(as_customer):
    response = as_customer.post(URL, registration(), format="json")
    assert fault_of(response, 400)["type"] == "CustomerAlreadyRegisteredException"


def test_registration_needs_a_token(api):
    assert fault_of(api.post(URL, registration(), format="json"), 401)["type"] == "InvalidAccessTokenException"


@pytest.mark.parametrize(
    "missing,fault_type",
    [("login", "MissingLoginException"), ("email", "MissingEmailException"), ("last_name", "MissingLastNameException")],
)
def test_missing_mandatory_properties(as_guest, missing, fault_type):
    body = registration()
    del body["customer"][missing]
    assert fault_of(as_guest.post(URL, body, format="json"), 400)["type"] == fault_type
    assert not Customer.objects.filter(auth_type="registered").exists()


def test_missing_password_with_jwt(as_guest):
    response = as_guest.post(URL, registration(password=None), format="json")
    assert fault_of(response, 400)["type"] == "MissingPasswordException"


@pytest.mark.parametrize("password", ["short1!", "12345678901", "password", "x" * 4097])
def test_password_policy(as_guest, password):
    response = as_guest.post(URL, registration(password=password), format="json")
    assert fault_of(response, 400)["type"] == "InvalidPasswordException"


@pytest.mark.parametrize("login", [" padded", "padded ", "tab\tin", "x" * 257, "bell\x07"])
def test_invalid_logins(as_guest, login):
    response = as_guest.post(URL, registration(login=login), format="json")
    assert fault_of(response, 400)["type"] == "InvalidLoginException"


@pytest.mark.parametrize("login", ["erased-abc", "Erased-ABC", "ERASED-",
                                   "\uff45\uff52\uff41\uff53\uff45\uff44\uff0dabc"])
def test_logins_of_erased_customers_are_reserved(as_guest, as_server, login):
    """customer_erase names erased customers erased-<customer_id>: nobody may take one first
    (compared as logins are: NFKC, casefolded; the last is in full-width letters)."""
    for api in (as_guest, as_server):
        response = api.post(URL, registration(login=login, password=None if api is as_server else "12345!aBcD"),
                            format="json")
        assert response.json() == {"_v": "16.4", "_type": "fault", "fault": {
            "type": "InvalidLoginException", "message": "The login doesn't match the acceptance criteria."}}
        assert response.status_code == 400
    assert not Customer.objects.filter(auth_type=Customer.REGISTERED).exists()


def test_logins_merely_beginning_with_erased_are_free(as_guest):
    assert as_guest.post(URL, registration(login="erasedsmith"), format="json").status_code == 200


def test_invalid_email_names_the_email(as_guest):
    body = registration()
    body["customer"]["email"] = "not-an-email"
    fault = fault_of(as_guest.post(URL, body, format="json"), 400)
    assert fault["type"] == "InvalidEmailException"
    assert fault["arguments"] == {"email": "not-an-email"}


@pytest.mark.parametrize("taken", ["newbie", "NEWBIE", "NewBie"])
def test_login_already_in_use_case_insensitively(as_guest, make_customer, taken):
    make_customer(login=taken)
    fault = fault_of(as_guest.post(URL, registration(), format="json"), 400)
    assert fault == {"type": "LoginAlreadyInUseException", "message": "Login is already in use."}


def test_unicode_logins_compare_case_insensitively(as_guest, make_customer):
    make_customer(login="STRASSE")
    fault = fault_of(as_guest.post(URL, registration(login="Straße", email="s@example.com"), format="json"), 400)
    assert fault["type"] == "LoginAlreadyInUseException"


def test_same_login_on_another_site_is_free(api, other_site, make_customer, jwt_for):
    make_customer(login="newbie")
    from customers.services import guest_create

    guest = guest_create(site=other_site)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(guest)}")
    response = api.post(api_url("customers", site="OtherSite"), registration(), format="json")
    assert response.status_code == 200, response.content
    assert Customer.objects.filter(login="newbie").count() == 2


@pytest.mark.parametrize(
    "field,value",
    [("last_name", 123), ("first_name", "x" * 257), ("fax", "1" * 33), ("gender", 3), ("gender", "1"),
     ("birthday", "01/02/2000"), ("phone_home", ["1"])],
)
def test_wrong_types_and_over_long_values_are_400(as_guest, field, value):
    body = registration()
    body["customer"][field] = value
    fault = fault_of(as_guest.post(URL, body, format="json"), 400)
    assert fault["type"] == "PropertyConstraintViolationException"
    assert field in fault["message"]


def test_null_profile_values_register_as_unset(as_server):
    # Found by the schemathesis gate: null is a valid value of every profile property, but
    # registration stored it as SQL NULL in a NOT NULL text column -> 500.
    nulls = {"preferred_locale": None, "title": None, "first_name": None, "gender": None, "birthday": None}
    response = as_server.post(URL, registration(password=None, **nulls), format="json")
    assert response.status_code == 200, response.content
    assert not set(nulls) & set(response.json())
    customer = Customer.objects.get(login="newbie")
    assert (customer.preferred_locale, customer.title, customer.first_name, customer.gender) == ("", "", "", None)


def test_read_only_and_unknown_properties(as_guest):
    body = registration()
    body["customer"]["customer_no"] = "1"
    assert fault_of(as_guest.post(URL, body, format="json"), 400)["type"] == "ReadOnlyPropertyException"
    body = registration()
    body["customer"]["shoe_size"] = 44
    assert fault_of(as_guest.post(URL, body, format="json"), 400)["type"] == "UnknownPropertyException"


def test_custom_attributes_are_stored_and_returned(as_guest):
    response = as_guest.post(URL, registration(c_origin="webshop", c_score=7), format="json")
    assert response.json()["c_origin"] == "webshop" and response.json()["c_score"] == 7
    assert Customer.objects.get(login="newbie").custom == {"c_origin": "webshop", "c_score": 7}


def test_malformed_json_is_400(as_guest):
    response = as_guest.post(URL, '{"customer": {', content_type="application/json")
    assert fault_of(response, 400)["type"] == "MalformedDocumentException"


def test_registration_in_xml(as_guest):
    body = (
        "<customer_registration><customer><login>xmlshopper</login><email>x@example.com</email>"
        "<last_name>Xml</last_name><gender>2</gender></customer><password>12345!aBcD</password>"
        "</customer_registration>"
    )
    response = as_guest.post(f"{URL}?format=xml", body, content_type="application/xml")
    assert response.status_code == 200, response.content
    assert b"<login>xmlshopper</login>" in response.content and b"<gender>2</gender>" in response.content
    assert Customer.objects.get(login="xmlshopper").gender == 2


def test_before_post_hook_gets_the_registration_without_password_and_can_refuse(as_guest):
    with connected(customer_before_post, hook_fault("NO", "No registrations today.")) as refuse:
        response = as_guest.post(URL, registration(), format="json")
    assert fault_of(response, 400)["arguments"]["extensionPoint"] == "dw.ocapi.shop.customer.beforePost"
    [seen] = [call["registration"] for call in refuse.calls]
    assert "password" not in seen and seen["customer"]["login"] == "newbie"
    assert not Customer.objects.filter(login="newbie").exists()


def test_after_post_hook_error_rolls_the_registration_back(as_guest):
    with connected(customer_after_post, hook_fault("LATE", "Refused after the fact.")) as refuse:
        response = as_guest.post(URL, registration(), format="json")
    assert fault_of(response, 400)["type"] == "HookStatusException"
    [call] = refuse.calls
    assert call["customer"].customer_no
    assert not Customer.objects.filter(login="newbie").exists()


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_of_one_login(client_app, site):
    from rest_framework.test import APIClient

    from customers.services import guest_create
    from customers.tokens import issue_token

    tokens = [issue_token(guest_create(site=site), client_app.client_id, kind="guest") for _ in range(6)]
    barrier = threading.Barrier(len(tokens))
    results = []

    def register(token):
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        barrier.wait()
        try:
            response = api.post(URL, registration(login="racer"), format="json")
            results.append((response.status_code, response.json().get("fault", {}).get("type")))
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [(200, None)] + [(400, "LoginAlreadyInUseException")] * 5
    assert Customer.objects.filter(login_key="racer").count() == 1


def test_customer_create_numbers_the_customer_and_leaves_no_usable_password_unless_given(site):
    from django.contrib.auth.hashers import is_password_usable

    from customers.services import customer_create

    bare = customer_create(site=site, login="staffmade", email="s@example.com", last_name="Made")
    with_password = customer_create(site=site, login="seeded", email="", password="12345!aBcD", enabled=False)

    stored = Customer.objects.get(pk=bare.pk)
    assert stored.auth_type == Customer.REGISTERED and stored.customer_no == f"{stored.pk:08d}"
    assert stored.login_key == "staffmade" and stored.last_name == "Made" and not is_password_usable(stored.password)
    stored = Customer.objects.get(pk=with_password.pk)
    assert stored.check_password("12345!aBcD") and not stored.enabled and stored.email == ""


@pytest.mark.parametrize("name", ["c_origin", "customer_no", "nickname"])
def test_the_registration_document_itself_takes_only_customer_and_password(as_guest, name):
    body = {**registration(), name: "x", "_resource_state": "echoed"}
    assert fault_of(as_guest.post(URL, body, format="json"), 400) == {
        "type": "UnknownPropertyException", "message": f"Property '{name}' is unknown.",
        "arguments": {"property": name},
    }
    assert not Customer.objects.filter(login="newbie").exists()
