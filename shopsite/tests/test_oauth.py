"""API clients and OAuth: both grants, wrong credentials, expiry, revocation, CORS."""
import base64
import datetime
import io
from urllib.parse import urlencode

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from shopsite.models import ApiClient, OAuthToken, token_digest
from shopsite.oauth import AGENT_GRANT
from shopsite.testing import api_url, fault_of

pytestmark = pytest.mark.django_db
TOKEN_URL = "/dw/oauth2/access_token"
CID = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"


def basic(text):
    return "Basic " + base64.b64encode(text.encode()).decode()


def form_post(api, url, grant_type, **headers):
    body = urlencode({"grant_type": grant_type})
    return api.post(url, body, content_type="application/x-www-form-urlencoded", **headers)


def client_credentials(api, credentials):
    return form_post(api, TOKEN_URL, "client_credentials", HTTP_AUTHORIZATION=basic(credentials))


def agent_grant(api, credentials, client_id=CID):
    url = f"{TOKEN_URL}?client_id={client_id}" if client_id else TOKEN_URL
    return form_post(api, url, AGENT_GRANT, HTTP_AUTHORIZATION=basic(credentials))


# --- client credentials -------------------------------------------------------------
def test_client_credentials_grant_issues_a_stored_hashed_token(api, client_app):
    response = client_credentials(api, f"{CID}:demo-client-secret")
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["token_type"] == "Bearer" and body["expires_in"] == 1799
    token = OAuthToken.objects.get()
    assert token.token_hash == token_digest(body["access_token"])
    assert body["access_token"] not in token.token_hash
    assert token.agent is None and token.api_client == client_app


def test_trusted_server_token_acts_on_any_customer(api, client_app, make_customer):
    someone = make_customer("someone")
    raw = client_credentials(api, f"{CID}:demo-client-secret").json()["access_token"]
    response = api.get(api_url("customers", someone.customer_id), HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["login"] == "someone"


@pytest.mark.parametrize("credentials", [f"{CID}:wrong-secret", f"{CID}", "unknown-client:demo-client-secret"])
def test_wrong_client_credentials_give_401_and_no_token(api, client_app, credentials):
    response = client_credentials(api, credentials)
    assert fault_of(response, 401)["type"] == "InvalidClientIdException"
    assert not OAuthToken.objects.exists()


@pytest.mark.real_hashing
def test_unknown_client_costs_one_verification_like_a_known_one(api, client_app, hash_work):
    client_app.set_secret("demo-client-secret")  # with the production hasher
    client_app.save()
    client_credentials(api, "warm-up:x")
    hash_work.clear()
    client_credentials(api, "unknown-client:some-secret")
    unknown = list(hash_work)
    hash_work.clear()
    client_credentials(api, f"{CID}:wrong-secret")
    assert unknown == hash_work == ["verify"]


def test_disabled_client_gets_no_token(api, client_app):
    ApiClient.objects.filter(pk=client_app.pk).update(enabled=False)
    assert fault_of(client_credentials(api, f"{CID}:demo-client-secret"), 401)["type"] == "InvalidClientIdException"


def test_missing_basic_header_is_400(api, client_app):
    response = form_post(api, TOKEN_URL, "client_credentials")
    assert fault_of(response, 400)["type"] == "AuthorizationBasicMissingException"


def test_unsupported_grant_type_is_400(api, client_app):
    response = form_post(api, TOKEN_URL, "password", HTTP_AUTHORIZATION=basic(f"{CID}:x"))
    assert fault_of(response, 400)["type"] == "PropertyConstraintViolationException"


# --- agent grant --------------------------------------------------------------------
def test_agent_grant_issues_an_agent_token(api, client_app, agent_user):
    response = agent_grant(api, "agent:agent-password-1:demo-client-secret")
    assert response.status_code == 200, response.content
    token = OAuthToken.objects.get()
    assert token.agent == agent_user


def test_agent_password_may_contain_colons(api, client_app, agent_user):
    agent_user.set_password("pass:with:colons")
    agent_user.save()
    assert agent_grant(api, "agent:pass:with:colons:demo-client-secret").status_code == 200


@pytest.mark.parametrize(
    "credentials,fault_type",
    [
        ("agent:wrong-password:demo-client-secret", "AuthenticationFailedException"),
        ("nobody:agent-password-1:demo-client-secret", "AuthenticationFailedException"),
        ("agent:agent-password-1:wrong-secret", "InvalidClientIdException"),
    ],
)
def test_agent_grant_with_wrong_credentials(api, client_app, agent_user, credentials, fault_type):
    assert fault_of(agent_grant(api, credentials), 401)["type"] == fault_type
    assert not OAuthToken.objects.exists()


def test_agent_grant_refuses_non_staff_users(api, client_app, agent_user):
    agent_user.is_staff = False
    agent_user.save()
    assert fault_of(agent_grant(api, "agent:agent-password-1:demo-client-secret"), 401)["type"] == (
        "AuthenticationFailedException"
    )


def test_agent_grant_needs_client_id(api, client_app, agent_user):
    response = agent_grant(api, "agent:agent-password-1:demo-client-secret", client_id=None)
    assert fault_of(response, 400)["type"] == "MissingClientIdException"


# --- using OAuth tokens -------------------------------------------------------------
def test_expired_oauth_token_is_refused(api, oauth_token, customer):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {oauth_token}")
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=1801)):
        response = api.get(api_url("customers", customer.customer_id))
    assert fault_of(response, 401)["type"] == "ExpiredTokenException"


def test_revoked_oauth_token_is_refused(as_server, customer):
    OAuthToken.objects.update(revoked_at=timezone.now())
    response = as_server.get(api_url("customers", customer.customer_id))
    assert fault_of(response, 401)["type"] == "InvalidAccessTokenException"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_token_of_a_disabled_client_is_refused(as_server, client_app, customer):
    ApiClient.objects.filter(pk=client_app.pk).update(enabled=False)
    assert as_server.get(api_url("customers", customer.customer_id)).status_code == 401


def test_request_naming_another_client_than_the_token_is_refused(as_server, customer):
    response = as_server.get(api_url("customers", customer.customer_id, client_id="other"))
    assert fault_of(response, 401)["type"] == "InvalidAccessTokenException"


# --- CORS ---------------------------------------------------------------------------
def test_cors_allows_the_clients_origin(api, client_app):
    response = api.options(
        api_url("customers", "auth", client_id=CID),
        HTTP_ORIGIN="https://shop.example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert response["Access-Control-Allow-Origin"] == "https://shop.example.com"


def test_cors_refuses_a_foreign_origin(api, client_app):
    response = api.options(
        api_url("customers", "auth", client_id=CID),
        HTTP_ORIGIN="https://evil.example.net",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "Access-Control-Allow-Origin" not in response


def test_cors_origin_of_another_client_is_refused_when_a_client_is_named(api, client_app):
    other = ApiClient(client_id="other", allowed_origins="https://other.example.com")
    other.set_secret("x")
    other.save()
    response = api.get(api_url("customers", "auth", client_id=CID), HTTP_ORIGIN="https://other.example.com")
    assert "Access-Control-Allow-Origin" not in response


# --- management and admin ----------------------------------------------------------
def test_create_api_client_command_stores_the_secret_hashed():
    out = io.StringIO()
    call_command("create_api_client", "my-client", "--secret", "s3cret-value", stdout=out)
    assert out.getvalue().strip() == "my-client"
    client = ApiClient.objects.get(client_id="my-client")
    assert "s3cret-value" not in client.secret_hash
    assert client.check_secret("s3cret-value")


def test_admin_shows_a_new_clients_secret_once(admin_client):
    response = admin_client.post(
        "/admin/shopsite/apiclient/add/",
        {"client_id": "new-client", "name": "New", "enabled": "on", "token_lifetime": 900, "allowed_origins": ""},
        follow=True,
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    secret = shown[0].split(": ", 1)[1].split(" ")[0]
    client = ApiClient.objects.get(client_id="new-client")
    assert client.check_secret(secret)
    again = admin_client.get(f"/admin/shopsite/apiclient/{client.pk}/change/")
    assert secret not in again.content.decode()


def test_admin_revokes_oauth_tokens(admin_client, oauth_token):
    token = OAuthToken.objects.get()
    admin_client.post("/admin/shopsite/oauthtoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
