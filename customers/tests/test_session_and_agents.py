"""The session auth type with the storefront pages, and agents' on-behalf tokens."""
import datetime
import json

import jwt
import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from customers.models import Customer, CustomerToken
from customers.storefront import secure_token_cookie_name
from shopsite.testing import api_url, fault_of

pytestmark = pytest.mark.django_db
CID = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
AUTH = api_url("customers", "auth", client_id=CID)


def session_auth(browser, site):
    api = APIClient()
    api.cookies = browser.cookies
    return api.post(AUTH, {"type": "session"}, format="json")


def test_storefront_pages_carry_both_cookies(client, site):
    response = client.get("/account/login/")
    assert response.status_code == 200
    assert response.cookies["dwsid"].value
    assert response.cookies[secure_token_cookie_name(site)].value
    assert response.cookies["dwsid"]["httponly"]


def test_session_of_a_logged_in_shopper_gives_a_registered_token(client, client_app, customer, site):
    client.get("/account/login/")
    response = client.post("/account/login/", {"login": "jsmith", "password": "12345!aBcD"})
    assert response.status_code == 302
    customer.refresh_from_db()
    login_time = customer.last_login_time
    first = session_auth(client, site)
    second = session_auth(client, site)
    assert first.status_code == 200, first.content
    assert first.json()["customer_id"] == customer.customer_id and first.json()["auth_type"] == "registered"
    assert first["Authorization"] != second["Authorization"]
    customer.refresh_from_db()
    assert customer.last_login_time == login_time  # not a real login


def test_anonymous_session_gives_the_same_guest(client, client_app, site):
    client.get("/account/")
    first, second = session_auth(client, site), session_auth(client, site)
    assert first.json()["auth_type"] == "guest"
    assert first.json()["customer_id"] == second.json()["customer_id"]
    assert Customer.objects.filter(auth_type="guest").count() == 1


def test_storefront_login_failure(client, customer):
    response = client.post("/account/login/", {"login": "jsmith", "password": "wrong"})
    assert response.status_code == 401 and b"not correct" in response.content


SESSION_FAILED = {"type": "AuthenticationFailedException",
                  "message": "Failed to authenticate customer on base of session.",
                  "arguments": {"credentialType": "session"}}


def test_forged_secure_token(client, client_app, site):
    client.get("/account/")
    client.cookies[secure_token_cookie_name(site)] = "0" * 64
    assert fault_of(session_auth(client, site), 401) == SESSION_FAILED


def test_no_session_cookies(api, client_app):
    assert fault_of(api.post(AUTH, {"type": "session"}, format="json"), 401) == SESSION_FAILED


def test_expired_session(client, client_app, site, settings):
    client.get("/account/")
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)):
        assert fault_of(session_auth(client, site), 401) == SESSION_FAILED


def test_logout_ends_the_session(client, client_app, customer, site):
    client.post("/account/login/", {"login": "jsmith", "password": "12345!aBcD"})
    client.post("/account/logout/")
    response = session_auth(client, site)
    assert response.status_code == 401 or response.json()["auth_type"] == "guest"


def test_locked_customer_session_is_refused(client, client_app, customer, site):
    client.post("/account/login/", {"login": "jsmith", "password": "12345!aBcD"})
    Customer.objects.filter(pk=customer.pk).update(locked_until=timezone.now() + datetime.timedelta(minutes=5))
    assert fault_of(session_auth(client, site), 401) == SESSION_FAILED


# --- agents ---------------------------------------------------------------------------
def on_behalf(api, customer):
    return api.post(api_url("customers", customer.customer_id, "auth"))


def test_agent_gets_an_on_behalf_token(api, agent_token, agent_user, customer):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {agent_token}")
    response = on_behalf(api, customer)
    assert response.status_code == 200, response.content
    assert response.json()["customer_id"] == customer.customer_id
    token = response["Authorization"].split(" ")[1]
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["agent"] == "agent"
    assert json.loads(claims["sub"])["customer_info"]["customer_id"] == customer.customer_id
    record = CustomerToken.objects.get(jti=claims["jti"])
    assert record.kind == "on_behalf" and record.agent == agent_user
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get(api_url("customers", customer.customer_id)).status_code == 200


def test_agent_without_the_permission(api, agent_token, agent_user, customer):
    agent_user.user_permissions.clear()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {agent_token}")
    assert fault_of(on_behalf(api, customer), 403)["type"] == "InsufficientPermissionsException"


def test_group_permission_is_enough(api, agent_token, agent_user, customer):
    from django.contrib.auth.models import Group, Permission

    agent_user.user_permissions.clear()
    group = Group.objects.create(name="agents")
    group.permissions.add(Permission.objects.get(codename="create_order_on_behalf_of"))
    agent_user.groups.add(group)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {agent_token}")
    assert on_behalf(api, customer).status_code == 200


def test_on_behalf_of_a_guest(api, agent_token, guest):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {agent_token}")
    assert fault_of(on_behalf(api, guest), 400)["type"] == "InvalidCustomerException"
