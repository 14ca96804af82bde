"""Throttles on auth and password reset: 429 with Retry-After; off by setting."""
import base64

import pytest

from shopsite.testing import api_url, fault_of

pytestmark = pytest.mark.django_db
CID = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
AUTH = api_url("customers", "auth", client_id=CID)


@pytest.fixture
def rates(monkeypatch):
    """Lower some throttle rates for one test (restored afterwards)."""
    from rest_framework.throttling import SimpleRateThrottle

    def set_rates(**rates):
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, **rates})

    return set_rates


def test_auth_is_throttled_per_ip_with_retry_after(api, client_app, rates):
    rates(auth_ip="3/min")
    for _ in range(3):
        assert api.post(AUTH, {"type": "guest"}, format="json").status_code == 200
    response = api.post(AUTH, {"type": "guest"}, format="json")
    assert fault_of(response, 429)["type"] == "TooManyRequestsException"
    assert 1 <= int(response["Retry-After"]) <= 60
    other_ip = api.post(AUTH, {"type": "guest"}, format="json", REMOTE_ADDR="10.9.8.7")
    assert other_ip.status_code == 200


def test_forwarded_for_is_ignored_without_trusted_proxies(api, client_app, rates):
    rates(auth_ip="1/min")
    api.post(AUTH, {"type": "guest"}, format="json", HTTP_X_FORWARDED_FOR="1.1.1.1")
    response = api.post(AUTH, {"type": "guest"}, format="json", HTTP_X_FORWARDED_FOR="2.2.2.2")
    assert response.status_code == 429


def test_login_throttle_counts_per_login(api, client_app, customer, rates):
    rates(auth_login="2/min")
    basic = "Basic " + base64.b64encode(b"JSMITH:wrong").decode()
    for _ in range(2):
        api.post(AUTH, {"type": "credentials"}, format="json", HTTP_AUTHORIZATION=basic, REMOTE_ADDR="10.0.0.1")
    response = api.post(AUTH, {"type": "credentials"}, format="json", HTTP_AUTHORIZATION=basic,
                        REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 429


def test_password_reset_is_throttled_per_identification(api, customer, rates):
    rates(password_reset_identification="2/hour")
    body = {"identification": "jsmith", "type": "login"}
    for _ in range(2):
        assert api.post(api_url("customers", "password_reset"), body, format="json").status_code == 204
    assert api.post(api_url("customers", "password_reset"), body, format="json").status_code == 429


def test_unicode_variants_of_one_name_share_a_count(api, customer, rates):
    """Counted as looked up (NFKC, casefold): full-width or upper-case variants are one name."""
    rates(password_reset_identification="2/hour")
    url = api_url("customers", "password_reset")
    for name in ("jsmith", "ＪＳＭＩＴＨ"):
        assert api.post(url, {"identification": name, "type": "login"}, format="json").status_code == 204
    assert api.post(url, {"identification": "JSmith", "type": "login"}, format="json").status_code == 429


def test_the_storefront_login_page_counts_with_the_api(api, client, client_app, customer, rates):
    rates(auth_login="3/min")
    basic = "Basic " + base64.b64encode(b"jsmith:wrong").decode()
    for _ in range(2):
        api.post(AUTH, {"type": "credentials"}, format="json", HTTP_AUTHORIZATION=basic, REMOTE_ADDR="10.0.0.1")
    assert client.post("/account/login/", {"login": "JSMITH", "password": "wrong"}).status_code == 401
    response = client.post("/account/login/", {"login": "jsmith", "password": "12345!aBcD"})
    assert response.status_code == 429 and 1 <= int(response["Retry-After"]) <= 60
    assert "Too many attempts" in response.content.decode()
    assert client.get("/account/login/").status_code == 200  # showing the form counts nothing


def test_the_admin_login_counts_with_the_agent_grant(client, rates, django_user_model):
    rates(oauth_agent="2/min")
    django_user_model.objects.create_user("boss", password="boss-password-1", is_staff=True)
    for password in ("guess-1", "guess-2"):
        assert client.post("/admin/login/", {"username": "boss", "password": password}).status_code == 200
    response = client.post("/admin/login/", {"username": "BOSS", "password": "boss-password-1"})
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1
    assert "_auth_user_id" not in client.session  # not logged in, even with the right password
    other = client.post("/admin/login/", {"username": "other", "password": "x"}, REMOTE_ADDR="10.1.1.1")
    assert other.status_code == 200
    # as the form reads it: spaces around the username name the same account
    assert client.post("/admin/login/", {"username": " boss\t", "password": "x"}).status_code == 429


def test_registration_is_throttled_per_ip(api, client_app, guest, jwt_for, rates):
    """Each registration hashes a password: one guest token cannot make the server hash without end."""
    rates(registration_ip="2/min")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(guest, kind='guest')}")
    for n in range(2):
        body = {"password": "S3cret-pass!", "customer": {"login": f"r{n}", "email": f"r{n}@example.com",
                                                          "last_name": "R"}}
        api.post(api_url("customers"), body, format="json")
    body = {"password": "S3cret-pass!", "customer": {"login": "r9", "email": "r9@example.com", "last_name": "R"}}
    assert fault_of(api.post(api_url("customers"), body, format="json"), 429)["type"] == (
        "TooManyRequestsException")


def test_nobody_spends_another_customers_password_change_budget(api, customer, guest, jwt_for, rates):
    rates(password_change="1/min")
    url = api_url("customers", customer.customer_id, "password")
    body = {"current_password": "12345!aBcD", "password": "N3w-passw0rd!"}
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(guest, kind='guest')}")
    assert [api.put(url, body, format="json").status_code for _ in range(3)] == [400, 429, 429]  # the guest's own
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(customer)}")
    assert api.put(url, body, format="json").status_code == 204


def test_password_change_is_throttled_per_customer(api, customer, jwt_for, rates):
    rates(password_change="2/min")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(customer)}")
    url = api_url("customers", customer.customer_id, "password")
    body = {"current_password": "wrong-one", "password": "N3w-passw0rd!"}
    for _ in range(2):
        assert api.put(url, body, format="json").status_code == 400
    assert fault_of(api.put(url, body, format="json"), 429)["type"] == "TooManyRequestsException"
    assert api.get(api_url("customers", customer.customer_id)).status_code == 200  # reads are not counted


def test_throttling_off(api, client_app, rates, settings):
    rates(auth_ip="1/min")
    settings.SHOPSITE_THROTTLING = False
    for _ in range(3):
        assert api.post(AUTH, {"type": "guest"}, format="json").status_code == 200


def test_auth_is_throttled_per_client_id(api, client_app, rates):
    rates(auth_client="2/min")
    for ip in ("10.0.0.1", "10.0.0.2"):
        assert api.post(AUTH, {"type": "guest"}, format="json", REMOTE_ADDR=ip).status_code == 200
    assert api.post(AUTH, {"type": "guest"}, format="json", REMOTE_ADDR="10.0.0.3").status_code == 429


def test_trusted_proxy_takes_the_client_from_x_forwarded_for(api, client_app, rates, settings):
    from rest_framework.settings import api_settings

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    try:
        rates(auth_ip="1/min")
        first = api.post(AUTH, {"type": "guest"}, format="json", HTTP_X_FORWARDED_FOR="1.1.1.1")
        other_client = api.post(AUTH, {"type": "guest"}, format="json", HTTP_X_FORWARDED_FOR="2.2.2.2")
        again = api.post(AUTH, {"type": "guest"}, format="json", HTTP_X_FORWARDED_FOR="1.1.1.1")
    finally:
        api_settings.reload()
    assert (first.status_code, other_client.status_code, again.status_code) == (200, 200, 429)


def test_agent_grant_is_throttled_per_username(api, client_app, agent_user, rates):
    from urllib.parse import urlencode

    from shopsite.oauth import AGENT_GRANT

    rates(oauth_agent="2/min")
    basic = "Basic " + base64.b64encode(b"agent:wrong:demo-client-secret").decode()
    statuses = [
        api.post(f"/dw/oauth2/access_token?client_id={CID}", urlencode({"grant_type": AGENT_GRANT}),
                 content_type="application/x-www-form-urlencoded", HTTP_AUTHORIZATION=basic,
                 REMOTE_ADDR=f"10.1.0.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [401, 401, 429]


def test_password_reset_is_throttled_per_ip(api, customer, rates):
    rates(password_reset_ip="2/min")
    url = api_url("customers", "password_reset")
    statuses = [api.post(url, {"identification": f"x{n}", "type": "login"}, format="json").status_code
                for n in range(3)]
    assert statuses == [204, 204, 429]
