"""Ways in that must stay shut: lockout races, stale sessions and links, agents, clients."""
import base64
import datetime
import threading
import unicodedata

import jwt
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from customers.models import AgentActivity, Customer, CustomerToken
from customers.services import password_reset_token_create
from shopsite.models import ApiClient
from shopsite.testing import admin_form_data, api_url, fault_of

pytestmark = pytest.mark.django_db
CID = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
AUTH = api_url("customers", "auth", client_id=CID)


def basic(login, password):
    return "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()


def customer_url(customer):
    return api_url("customers", customer.customer_id)


# --- lockout ----------------------------------------------------------------------------
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_parallel_guesses_evaluate_no_more_passwords_than_the_limit(client_app, customer, monkeypatch):
    verified = []
    real = Customer.check_password
    monkeypatch.setattr(Customer, "check_password", lambda self, raw: verified.append(raw) or real(self, raw))
    barrier = threading.Barrier(12)

    def guess(n):
        api = APIClient()
        barrier.wait()
        try:
            api.post(AUTH, {"type": "credentials"}, format="json", HTTP_AUTHORIZATION=basic("jsmith", f"guess{n}"))
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    customer.refresh_from_db()
    assert customer.is_locked
    assert len(verified) <= 6


def test_wrong_current_passwords_count_towards_the_lockout(as_customer, customer):
    url = f"{customer_url(customer)}/password"
    for n in range(6):
        response = as_customer.put(url, {"current_password": f"guess{n}", "password": "N3w-passw0rd!"}, format="json")
        assert fault_of(response, 400)["type"] == "HookStatusException"
    customer.refresh_from_db()
    assert customer.is_locked
    right = as_customer.put(url, {"current_password": "12345!aBcD", "password": "N3w-passw0rd!"}, format="json")
    assert fault_of(right, 400)["type"] == "HookStatusException"  # locked: even the right one fails
    customer.refresh_from_db()
    assert customer.check_password("12345!aBcD")


# --- sessions and reset links end with the password -------------------------------------
def test_storefront_session_ends_when_the_password_changes(client, client_app, customer, jwt_for):
    client.post("/account/login/", {"login": "jsmith", "password": "12345!aBcD"})
    api = APIClient()
    api.cookies = client.cookies
    assert api.post(AUTH, {"type": "session"}, format="json").status_code == 200
    owner = APIClient()
    owner.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(customer)}")
    owner.put(f"{customer_url(customer)}/password", {"current_password": "12345!aBcD", "password": "N3w-passw0rd!"},
              format="json")
    assert fault_of(api.post(AUTH, {"type": "session"}, format="json"), 401)["type"] == "AuthenticationFailedException"


def test_a_reset_ends_older_reset_links(api, customer):
    first = password_reset_token_create(customer=customer)
    second = password_reset_token_create(customer=customer)
    url = api_url("customers", "password", "actions", "reset")
    assert api.post(url, {"reset_token": second, "new_password": "Br4nd-new-pass"}, format="json").status_code == 204
    response = api.post(url, {"reset_token": first, "new_password": "An0ther-pass!!"}, format="json")
    assert fault_of(response, 400)["type"] == "InvalidResetTokenException"


def test_disabling_a_customer_ends_reset_links(api, customer):
    from customers.services import customer_set_enabled

    token = password_reset_token_create(customer=customer)
    customer_set_enabled(customer=customer, enabled=False)
    customer_set_enabled(customer=customer, enabled=True)
    response = api.post(api_url("customers", "password", "actions", "reset"),
                        {"reset_token": token, "new_password": "Br4nd-new-pass"},
                        format="json")
    assert fault_of(response, 400)["type"] == "InvalidResetTokenException"


# --- clients and agents -------------------------------------------------------------------
def test_jwts_of_a_disabled_client_stop_at_once(api, customer, client_app, jwt_for):
    from shopsite.services import api_client_set_enabled

    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(customer)}")
    assert api.get(customer_url(customer)).status_code == 200
    api_client_set_enabled(client=client_app, enabled=False)
    assert fault_of(api.get(customer_url(customer)), 401)["type"] == "InvalidAccessTokenException"
    client_app.refresh_from_db()
    ApiClient.objects.filter(pk=client_app.pk).update(enabled=True)
    assert api.get(customer_url(customer)).status_code == 401  # revoked, not merely paused


def test_agent_tokens_cannot_register_customers(api, agent_token):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {agent_token}")
    body = {"customer": {"login": "x1", "email": "x1@example.com", "last_name": "X"}}
    assert api.post(api_url("customers"), body, format="json").status_code == 403


def _on_behalf(api, agent_token, customer):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {agent_token}")
    return api.post(f"{customer_url(customer)}/auth")


def test_refreshing_an_on_behalf_token_keeps_the_agent(api, agent_token, customer):
    token = _on_behalf(api, agent_token, customer)["Authorization"]
    api.credentials(HTTP_AUTHORIZATION=token)
    refreshed = api.post(AUTH, {"type": "refresh"}, format="json")
    assert refreshed.status_code == 200, refreshed.content
    claims = jwt.decode(refreshed["Authorization"].split(" ")[1], options={"verify_signature": False})
    assert claims["agent"] == "agent"
    assert CustomerToken.objects.get(jti=claims["jti"]).kind == "on_behalf"


def test_an_on_behalf_token_renews_itself_on_the_same_operation(api, agent_token, customer):
    """The spec: a token nearing its expiration is exchanged by calling the resource once more."""
    token = _on_behalf(api, agent_token, customer)["Authorization"]
    api.credentials(HTTP_AUTHORIZATION=token)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=25)), \
            CaptureQueriesContext(connection) as queries:
        renewed = api.post(f"{customer_url(customer)}/auth")
    assert renewed.status_code == 200, renewed.content
    assert not [query for query in queries if 'FROM "shopsite_site"' in query["sql"]]  # the request's site
    assert not AgentActivity.objects.exists()  # a renewal changes nothing of the customer's
    assert renewed.json()["customer_id"] == customer.customer_id
    old, new = (jwt.decode(value.split(" ")[1], options={"verify_signature": False})
                for value in (token, renewed["Authorization"]))
    assert new["agent"] == "agent" and new["jti"] != old["jti"] and new["exp"] >= old["exp"] + 25 * 60
    record = CustomerToken.objects.get(jti=new["jti"])
    assert (record.kind, record.agent.username, record.customer_id) == ("on_behalf", "agent", customer.pk)


def test_an_on_behalf_token_renews_only_for_its_own_customer(api, agent_token, customer, make_customer):
    other = make_customer("someone-else")
    api.credentials(HTTP_AUTHORIZATION=_on_behalf(api, agent_token, customer)["Authorization"])
    assert fault_of(api.post(f"{customer_url(other)}/auth"), 400)["type"] == "InvalidCustomerException"


def test_on_behalf_tokens_end_with_the_agents_rights(api, agent_token, agent_user, customer):
    token = _on_behalf(api, agent_token, customer)["Authorization"]
    agent_user.user_permissions.clear()
    from django.contrib.auth import get_user_model

    agent_user = get_user_model().objects.get(pk=agent_user.pk)  # drop the cached permissions
    api.credentials(HTTP_AUTHORIZATION=token)
    assert fault_of(api.get(customer_url(customer)), 401)["type"] == "InvalidAccessTokenException"
    assert fault_of(api.post(AUTH, {"type": "refresh"}, format="json"), 401)["type"] == "InvalidAccessTokenException"
    assert fault_of(api.post(f"{customer_url(customer)}/auth"), 401)["type"] == "InvalidAccessTokenException"


def test_on_behalf_tokens_end_when_the_agent_leaves_the_staff(api, agent_token, agent_user, customer):
    token = _on_behalf(api, agent_token, customer)["Authorization"]
    type(agent_user).objects.filter(pk=agent_user.pk).update(is_staff=False)
    api.credentials(HTTP_AUTHORIZATION=token)
    assert fault_of(api.get(customer_url(customer)), 401)["type"] == "InvalidAccessTokenException"
    assert fault_of(api.post(f"{customer_url(customer)}/auth"), 401)["type"] == "InvalidAccessTokenException"
    assert fault_of(_on_behalf(api, agent_token, customer), 403)["type"] == "InsufficientPermissionsException"


def test_on_behalf_of_a_disabled_customer(api, agent_token, customer):
    Customer.objects.filter(pk=customer.pk).update(enabled=False)
    assert fault_of(_on_behalf(api, agent_token, customer), 400)["type"] == "InvalidCustomerException"


# --- documents and logins -----------------------------------------------------------------
def test_patch_cannot_remove_mandatory_properties(as_customer, customer):
    assert fault_of(as_customer.patch(customer_url(customer), {"email": None}, format="json"), 400)["type"] == (
        "MissingEmailException")
    assert fault_of(as_customer.patch(customer_url(customer), {"last_name": "  "}, format="json"), 400)["type"] == (
        "MissingLastNameException")


def test_blank_last_name_at_registration(as_guest):
    body = {"password": "12345!aBcD", "customer": {"login": "blank", "email": "b@example.com", "last_name": "   "}}
    assert fault_of(as_guest.post(api_url("customers"), body, format="json"), 400)["type"] == "MissingLastNameException"


def test_empty_xml_customer_is_a_missing_login(as_guest):
    body = "<customer_registration><customer/><password>12345!aBcD</password></customer_registration>"
    response = as_guest.post(api_url("customers"), body, content_type="application/xml")
    assert fault_of(response, 400)["type"] == "MissingLoginException"


def test_logins_with_a_colon_are_refused(as_guest):
    body = {"password": "12345!aBcD", "customer": {"login": "col:on", "email": "c@example.com", "last_name": "C"}}
    assert fault_of(as_guest.post(api_url("customers"), body, format="json"), 400)["type"] == "InvalidLoginException"


def test_logins_compare_in_normal_form(as_guest, make_customer):
    make_customer(unicodedata.normalize("NFC", "José"), email="j1@example.com")
    body = {"password": "12345!aBcD",
            "customer": {"login": unicodedata.normalize("NFD", "josé"), "email": "j2@example.com", "last_name": "J"}}
    assert fault_of(as_guest.post(api_url("customers"), body, format="json"), 400)["type"] == (
        "LoginAlreadyInUseException")


def test_longest_casefold_expanding_login_is_stored(as_guest, api, client_app):
    login = "ß" * 256
    body = {"password": "12345!aBcD", "customer": {"login": login, "email": "s@example.com", "last_name": "S"}}
    assert as_guest.post(api_url("customers"), body, format="json").status_code == 200
    api.credentials()
    response = api.post(AUTH, {"type": "credentials"}, format="json",
                        HTTP_AUTHORIZATION=basic("SS" * 256, "12345!aBcD"))
    assert response.status_code == 200


@pytest.mark.parametrize("login", ["js\x00mith", "\x00"])
def test_nul_in_a_basic_login_fails_cleanly(api, client_app, customer, login):
    response = api.post(AUTH, {"type": "credentials"}, format="json", HTTP_AUTHORIZATION=basic(login, "x"))
    assert fault_of(response, 401)["type"] == "AuthenticationFailedException"


def test_reset_email_is_plain_text(api, make_customer, django_capture_on_commit_callbacks):
    from django.core import mail

    make_customer("obrien", first_name="O'Brien & Sons")
    with django_capture_on_commit_callbacks(execute=True):
        api.post(api_url("customers", "password_reset"), {"identification": "obrien", "type": "login"}, format="json")
    assert "Hello O'Brien & Sons," in mail.outbox[0].body


# --- the admin uses the same rules ----------------------------------------------------------
def test_admin_adds_registered_customers_with_a_number(admin_client, site):
    page = admin_client.get("/admin/customers/customer/add/")
    data = admin_form_data(page, site=site.pk, login="merchant-made", email="m@example.com", last_name="Made")
    response = admin_client.post("/admin/customers/customer/add/", data)
    assert response.status_code == 302, response.content[:3000]
    customer = Customer.objects.get(login="merchant-made")
    assert customer.auth_type == "registered" and customer.customer_no == f"{customer.pk:08d}"
    assert customer.password.startswith("!")


def test_admin_refuses_a_login_taken_in_another_case(admin_client, site, customer):
    page = admin_client.get("/admin/customers/customer/add/")
    data = admin_form_data(page, site=site.pk, login="JSMITH", email="m@example.com", last_name="Made")
    response = admin_client.post("/admin/customers/customer/add/", data)
    assert response.status_code == 200 and b"already in use" in response.content


def test_admin_disabling_revokes_tokens(admin_client, customer, jwt_for):
    jwt_for(customer)
    url = f"/admin/customers/customer/{customer.pk}/change/"
    data = admin_form_data(admin_client.get(url))
    data.pop("enabled")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content[:3000]
    customer.refresh_from_db()
    assert not customer.enabled
    assert CustomerToken.objects.get().revoked_at is not None


def test_log_out_everywhere_ends_storefront_sessions_too(client, client_app, customer, jwt_for):
    from customers.services import customer_log_out_everywhere

    token = jwt_for(customer)
    client.post("/account/login/", {"login": "jsmith", "password": "12345!aBcD"})
    api = APIClient()
    api.cookies = client.cookies
    assert api.post(AUTH, {"type": "session"}, format="json").json()["auth_type"] == "registered"
    assert customer_log_out_everywhere(customer=customer) >= 1
    assert fault_of(api.post(AUTH, {"type": "session"}, format="json"), 401)["type"] == "AuthenticationFailedException"
    api.cookies.clear()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get(customer_url(customer)).status_code == 401
