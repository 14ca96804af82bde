"""POST/DELETE /customers/auth: guest, credentials (lockout), refresh, afterAuth; logout."""
import base64
import datetime
import json

import jwt
import pytest
import time_machine
from django.utils import timezone

from customers.models import Customer, CustomerToken
from customers.signals import auth_after_auth
from shopsite import keys
from shopsite.testing import api_url, connected, fault_of, hook_fault

pytestmark = pytest.mark.django_db
CID = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
AUTH = api_url("customers", "auth", client_id=CID)
BASIC_FAILED = {
    "type": "AuthenticationFailedException",
    "message": "Failed to authenticate customer on base of Authorization:Basic header.",
    "arguments": {"credentialType": "credentials"},
}


def basic(login, password):
    return "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()


def login(api, name="jsmith", password="12345!aBcD", url=AUTH):
    return api.post(url, {"type": "credentials"}, format="json", HTTP_AUTHORIZATION=basic(name, password))


def bearer(response):
    scheme, token = response["Authorization"].split(" ")
    assert scheme == "Bearer"
    return token


def claims(token):
    public = jwt.PyJWK(keys.jwks()["keys"][0]).key
    return jwt.decode(token, public, algorithms=["RS256"], options={"verify_exp": False, "verify_iat": False})


# --- guest --------------------------------------------------------------------------
def test_guest_token(api, client_app):
    response = api.post(AUTH, {"type": "guest"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    guest = Customer.objects.get(customer_id=body["customer_id"])
    assert body == {"_v": "16.4", "_type": "customer", "auth_type": "guest", "customer_id": guest.customer_id,
                    "preferred_locale": "default"}
    token = bearer(response)
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "RS256" and header["kid"] == keys.key_id()
    payload = claims(token)
    assert payload["iss"] == CID
    assert payload["_v"] == "1"
    assert payload["sub"] == f'{{"_v":"1","customer_info":{{"customer_id":"{guest.customer_id}","guest":true}}}}'
    assert payload["exp"] - payload["iat"] == 30 * 60
    assert CustomerToken.objects.get(jti=payload["jti"]).customer == guest


def test_client_id_in_header(api, client_app):
    response = api.post(api_url("customers", "auth"), {"type": "guest"}, format="json", HTTP_X_DW_CLIENT_ID=CID)
    assert response.status_code == 200


def test_missing_client_id(api, client_app):
    response = api.post(api_url("customers", "auth"), {"type": "guest"}, format="json")
    assert fault_of(response, 400)["type"] == "MissingClientIdException"


def test_unknown_client_id(api, client_app):
    response = api.post(api_url("customers", "auth", client_id="nope"), {"type": "guest"}, format="json")
    assert fault_of(response, 401)["type"] == "InvalidClientIdException"
    assert not Customer.objects.exists()


def test_a_client_id_header_with_a_nul_is_unknown(api, client_app):
    """No database can look a NUL up (PostgreSQL refuses it): a fault, never a 500."""
    response = api.post(api_url("customers", "auth"), {"type": "guest"}, format="json",
                        HTTP_X_DW_CLIENT_ID=CID[:5] + "\x00" + CID[5:])
    assert fault_of(response, 401)["type"] == "InvalidClientIdException"


@pytest.mark.parametrize("body", [{"type": "magic"}, {}, {"type": 1}])
def test_unknown_type(api, client_app, body):
    assert fault_of(api.post(AUTH, body, format="json"), 400)["type"] == "PropertyConstraintViolationException"


# --- credentials --------------------------------------------------------------------
def test_credentials_login_updates_times(api, client_app, customer):
    first = login(api)
    assert first.status_code == 200, first.content
    assert first.json()["login"] == "jsmith" and first.json()["auth_type"] == "registered"
    customer.refresh_from_db()
    first_login = customer.last_login_time
    assert first_login is not None and customer.previous_login_time is None
    assert customer.last_visit_time == first_login
    later = timezone.now() + datetime.timedelta(hours=2)
    with time_machine.travel(later):
        login(api)
    customer.refresh_from_db()
    assert customer.previous_login_time == first_login and customer.previous_visit_time == first_login
    assert customer.last_login_time > first_login
    assert json.loads(claims(bearer(first))["sub"]) == {
        "_v": "1", "customer_info": {"customer_id": customer.customer_id, "guest": False}
    }


def test_login_is_case_insensitive(api, client_app, customer):
    assert login(api, name="JSMITH").status_code == 200


def test_password_with_colons(api, client_app, make_customer):
    make_customer("colon", password="pa:ss:word!9")
    assert login(api, name="colon", password="pa:ss:word!9").status_code == 200


def test_missing_basic_header(api, client_app):
    fault = fault_of(api.post(AUTH, {"type": "credentials"}, format="json"), 400)
    assert fault == {
        "type": "AuthorizationBasicMissingException",
        "message": "Missing credentials: Add a Authorization:Basic header with base64 encoded username:password.",
    }


def test_wrong_password(api, client_app, customer):
    assert fault_of(login(api, password="wrong"), 401) == BASIC_FAILED
    assert not CustomerToken.objects.exists()


@pytest.mark.real_hashing
@pytest.mark.parametrize("state", ["unknown", "disabled", "locked"])
def test_failures_cost_one_verification_like_a_wrong_password(api, client_app, make_customer, hash_work, state):
    """The same answer after the same work: one Argon2 verification, no extra hashing."""
    make_customer("known")
    if state != "unknown":
        make_customer("other", enabled=state != "disabled",
                      locked_until=timezone.now() + datetime.timedelta(minutes=5) if state == "locked" else None)
    login(api, name="warm-up", password="x")
    hash_work.clear()
    assert fault_of(login(api, name="known", password="wrong"), 401) == BASIC_FAILED
    wrong_password = list(hash_work)
    hash_work.clear()
    name = "nobody" if state == "unknown" else "other"
    assert fault_of(login(api, name=name, password="12345!aBcD"), 401) == BASIC_FAILED
    assert wrong_password == hash_work == ["verify"]


@pytest.mark.parametrize("state", ["unknown", "disabled", "locked"])
def test_failures_pay_the_counter_update_of_a_wrong_password(api, client_app, make_customer, state):
    """A wrong password costs one counter UPDATE (the customer's lockout): every other
    failure pays one as well (on ``UncountedLoginFailures``), so none answers sooner."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from customers.models import UncountedLoginFailures

    make_customer("known")
    if state != "unknown":
        make_customer("other", enabled=state != "disabled",
                      locked_until=timezone.now() + datetime.timedelta(minutes=5) if state == "locked" else None)
    login(api, name="warm-up", password="x")  # the site's counter row exists from now on

    def writes(name):
        with CaptureQueriesContext(connection) as queries:
            assert fault_of(login(api, name=name, password="wrong"), 401) == BASIC_FAILED
        return [q["sql"].split()[0] for q in queries if q["sql"].split()[0] in ("UPDATE", "INSERT", "DELETE")]

    wrong_password = writes("known")
    other = writes("nobody" if state == "unknown" else "other")
    assert wrong_password == ["UPDATE"] and other == ["UPDATE"] * (2 if state == "locked" else 1)
    assert UncountedLoginFailures.objects.get().attempts == 2  # the warm-up and this one


@pytest.mark.parametrize("header", ["Basic !!!notbase64", "Basic " + base64.b64encode(b"nocolon").decode()])
def test_garbled_basic_header(api, client_app, header):
    response = api.post(AUTH, {"type": "credentials"}, format="json", HTTP_AUTHORIZATION=header)
    assert fault_of(response, 401)["type"] == "AuthenticationFailedException"


def test_disabled_customer_fails_like_a_wrong_password(api, client_app, customer):
    Customer.objects.filter(pk=customer.pk).update(enabled=False)
    assert fault_of(login(api), 401) == BASIC_FAILED


def test_guest_cannot_log_in(api, client_app, guest):
    assert fault_of(login(api, name="", password=""), 401)["type"] == "AuthenticationFailedException"


def test_lockout_after_six_failures_and_unlock_after_thirty_minutes(api, client_app, customer):
    for _ in range(5):
        login(api, password="wrong")
    customer.refresh_from_db()
    assert customer.failed_login_count == 5 and not customer.is_locked
    login(api, password="wrong")
    customer.refresh_from_db()
    assert customer.is_locked
    assert fault_of(login(api), 401) == BASIC_FAILED  # the right password does not help now
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):
        assert login(api).status_code == 200


def test_lockout_settings(api, client_app, customer, settings):
    settings.SHOPSITE_LOCKOUT_ATTEMPTS = 2
    settings.SHOPSITE_LOCKOUT_MINUTES = 5
    login(api, password="wrong")
    login(api, password="wrong")
    customer.refresh_from_db()
    assert customer.is_locked
    assert customer.locked_until - timezone.now() <= datetime.timedelta(minutes=5)


def test_success_resets_the_failure_count(api, client_app, customer):
    for _ in range(5):
        login(api, password="wrong")
    assert login(api).status_code == 200
    customer.refresh_from_db()
    assert customer.failed_login_count == 0
    for _ in range(5):
        login(api, password="wrong")
    assert login(api).status_code == 200


def test_admin_unlocks(admin_client, api, client_app, customer):
    for _ in range(6):
        login(api, password="wrong")
    admin_client.post("/admin/customers/customer/", {"action": "unlock", "_selected_action": [customer.pk]})
    assert login(api).status_code == 200


# --- refresh ------------------------------------------------------------------------
def test_refresh_returns_a_new_token_with_a_new_expiry(api, client_app, customer):
    old = bearer(login(api))
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=10)):
        response = api.post(AUTH, {"type": "refresh"}, format="json", HTTP_AUTHORIZATION=f"Bearer {old}")
    assert response.status_code == 200, response.content
    new = bearer(response)
    assert claims(new)["jti"] != claims(old)["jti"]
    assert claims(new)["exp"] >= claims(old)["exp"] + 600


def test_refresh_of_an_expired_token(api, client_app, customer):
    old = bearer(login(api))
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):
        response = api.post(AUTH, {"type": "refresh"}, format="json", HTTP_AUTHORIZATION=f"Bearer {old}")
    assert fault_of(response, 401) == {"type": "ExpiredTokenException", "message": "The provided token has expired."}


def test_refresh_of_a_revoked_token(api, client_app, customer):
    old = bearer(login(api))
    CustomerToken.objects.update(revoked_at=timezone.now())
    response = api.post(AUTH, {"type": "refresh"}, format="json", HTTP_AUTHORIZATION=f"Bearer {old}")
    assert fault_of(response, 401)["type"] == "InvalidAccessTokenException"


def test_refresh_checks_the_client_id_against_the_token(api, client_app, customer):
    from shopsite.models import ApiClient

    other = ApiClient(client_id="other-client")
    other.set_secret("x")
    other.save()
    old = bearer(login(api))
    response = api.post(api_url("customers", "auth", client_id="other-client"), {"type": "refresh"},
                        format="json", HTTP_AUTHORIZATION=f"Bearer {old}")
    assert fault_of(response, 401)["type"] == "InvalidAccessTokenException"


def test_refresh_without_a_bearer(api, client_app):
    assert fault_of(api.post(AUTH, {"type": "refresh"}, format="json"), 401)["type"] == "InvalidAccessTokenException"


def test_refresh_of_a_guest_token(api, client_app):
    old = bearer(api.post(AUTH, {"type": "guest"}, format="json"))
    response = api.post(AUTH, {"type": "refresh"}, format="json", HTTP_AUTHORIZATION=f"Bearer {old}")
    assert response.json()["auth_type"] == "guest"


# --- afterAuth ----------------------------------------------------------------------
def test_after_auth_runs_with_the_type_and_customer(api, client_app, customer):
    seen = []

    def receiver(sender, auth_request_type, customer, **kwargs):
        seen.append((auth_request_type, customer.customer_id))

    with connected(auth_after_auth, receiver):
        login(api)
        api.post(AUTH, {"type": "guest"}, format="json")
    assert seen[0] == ("credentials", customer.customer_id) and seen[1][0] == "guest"


def test_after_auth_error_fails_the_request_and_issues_nothing(api, client_app, customer):
    with connected(auth_after_auth, hook_fault("BLOCKED", "No logins now.")):
        response = api.post(AUTH, {"type": "guest"}, format="json")
        credentials = login(api)
    assert fault_of(response, 400)["arguments"] == {
        "extensionPoint": "dw.ocapi.shop.auth.afterAuth", "statusCode": "BLOCKED", "statusMessage": "No logins now."}
    assert "Authorization" not in response
    assert fault_of(credentials, 400)["type"] == "HookStatusException"
    assert not CustomerToken.objects.exists()
    assert not Customer.objects.filter(auth_type="guest").exists()
    customer.refresh_from_db()
    assert customer.last_login_time is None


# --- logout -------------------------------------------------------------------------
def test_logout_revokes_only_that_token(api, client_app, customer):
    first, second = bearer(login(api)), bearer(login(api))
    url = api_url("customers", customer.customer_id)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {first}")
    response = api.delete(api_url("customers", "auth"))
    assert response.status_code == 204 and response.content == b""
    assert fault_of(api.get(url), 401)["type"] == "InvalidAccessTokenException"
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {second}")
    assert api.get(url).status_code == 200


def test_logout_without_a_token(api, client_app):
    assert fault_of(api.delete(api_url("customers", "auth")), 401)["type"] == "InvalidAccessTokenException"


def test_logout_with_an_oauth_token(as_server):
    assert as_server.delete(api_url("customers", "auth")).status_code == 401
