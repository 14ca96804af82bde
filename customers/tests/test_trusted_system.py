"""POST /customers/auth/trustedsystem (19.6): a trusted server's JWT for a registered customer."""
import datetime
import json

import jwt
import pytest
import time_machine
from django.utils import timezone

from customers import services
from customers.models import Customer, CustomerToken
from customers.signals import auth_after_auth
from shopsite import keys, testing
from shopsite.models import ApiClient
from shopsite.testing import api_url, connected, hook_fault

pytestmark = pytest.mark.django_db
CID = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
STOREFRONT = "storefront-public-client-id"
#: The operation exists from its version on (shopsite.versions.INTRODUCED); the tests call it at 20.4.
VERSION = "v20_4"


def fault_of(response, status=None):
    return testing.fault_of(response, status, version="20.4")


URL = api_url("customers", "auth", "trustedsystem", version=VERSION)
FAILED = {
    "type": "AuthenticationFailedException",
    "message": "Failed to authenticate customer on base of trusted system.",
    "arguments": {"credentialType": "trustedsystem"},
}


@pytest.fixture
def storefront(client_app):
    """The public client the JWTs are for (not the OAuth client of the call)."""
    return ApiClient.objects.create(client_id=STOREFRONT, name="Storefront")


def trusted_login(api, login="jsmith", client_id=STOREFRONT, url=URL, **extra):
    return api.post(url, {"login": login, "client_id": client_id}, format="json", **extra)


def bearer(response):
    scheme, token = response["Authorization"].split(" ")
    assert scheme == "Bearer"
    return token


def test_a_trusted_server_gets_the_customers_jwt_for_the_documents_client(as_server, customer, storefront):
    response = trusted_login(as_server)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["_type"] == "customer" and body["customer_id"] == customer.customer_id and body["login"] == "jsmith"
    assert response["ETag"]
    token = bearer(response)
    claims = jwt.decode(token, keys.key_pair()[1], algorithms=["RS256"])
    assert claims["iss"] == STOREFRONT  # the storefront's, not the OAuth caller's (CID)
    info = {"customer_id": customer.customer_id, "guest": False}
    assert json.loads(claims["sub"]) == {"_v": "1", "customer_info": info}
    record = CustomerToken.objects.get(jti=claims["jti"])
    assert (record.kind, record.client_id, record.agent) == (CustomerToken.TRUSTED_SYSTEM, STOREFRONT, None)


def test_the_jwt_works_for_its_client_as_a_login_would(as_server, api, customer, storefront):
    token = bearer(trusted_login(as_server))
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get(api_url("customers", customer.customer_id)).status_code == 200
    # and only with its client id
    wrong = api.get(api_url("customers", customer.customer_id, client_id=CID))
    assert testing.fault_of(wrong, 401)["type"] == "InvalidAccessTokenException"  # a 16.4 request
    refreshed = api.post(api_url("customers", "auth", client_id=STOREFRONT), {"type": "refresh"}, format="json")
    assert refreshed.status_code == 200


def test_it_is_recorded_as_a_login(as_server, customer, storefront):
    Customer.objects.filter(pk=customer.pk).update(failed_login_count=3)
    earlier = timezone.now() - datetime.timedelta(days=2)
    with time_machine.travel(earlier, tick=False):
        services.customer_record_login(customer=customer)
    body = trusted_login(as_server).json()
    customer.refresh_from_db()
    assert customer.previous_login_time == earlier and customer.previous_visit_time == earlier
    assert customer.last_login_time > earlier and customer.last_visit_time == customer.last_login_time
    assert customer.failed_login_count == 0
    assert body["last_login_time"] == customer.last_login_time.isoformat(timespec="milliseconds").replace(
        "+00:00", "Z")


def test_logins_compare_as_logins_do(as_server, customer, storefront):
    assert trusted_login(as_server, login="JSMITH").json()["customer_id"] == customer.customer_id


@pytest.mark.parametrize("state", ["unknown", "disabled", "locked", "guest"])
def test_refused_as_a_login_would_be(as_server, make_customer, guest, storefront, state):
    customer = make_customer()
    if state == "disabled":
        Customer.objects.filter(pk=customer.pk).update(enabled=False)
    elif state == "locked":
        Customer.objects.filter(pk=customer.pk).update(locked_until=timezone.now() + datetime.timedelta(minutes=5))
    login = "nobody" if state == "unknown" else "jsmith"
    if state == "guest":
        login = guest.customer_id  # a guest has no login: nothing finds it
    assert fault_of(trusted_login(as_server, login=login), 401) == FAILED
    customer.refresh_from_db()
    assert customer.last_login_time is None and customer.failed_login_count == 0  # nothing counted
    assert not CustomerToken.objects.exists()


def test_a_lock_that_ran_out_no_longer_refuses(as_server, customer, storefront):
    Customer.objects.filter(pk=customer.pk).update(locked_until=timezone.now() - datetime.timedelta(seconds=1),
                                                   failed_login_count=6)
    assert trusted_login(as_server).status_code == 200
    customer.refresh_from_db()
    assert (customer.failed_login_count, customer.locked_until) == (0, None)


@pytest.mark.parametrize("client_id", ["unknown-client", "disabled"])
def test_the_documents_client_must_be_an_enabled_api_client(as_server, customer, storefront, client_id):
    if client_id == "disabled":
        ApiClient.objects.filter(client_id=STOREFRONT).update(enabled=False)
        client_id = STOREFRONT
    assert fault_of(trusted_login(as_server, client_id=client_id), 401) == {
        "type": "InvalidClientIdException",
        "message": f"The client id '{client_id}' of the request document is unknown or disabled.",
    }
    assert not CustomerToken.objects.exists()


@pytest.mark.parametrize("body,fault", [
    ({"client_id": STOREFRONT}, "MissingLoginException"),
    ({"login": "  ", "client_id": STOREFRONT}, "MissingLoginException"),
    ({"login": 7, "client_id": STOREFRONT}, "PropertyConstraintViolationException"),
    ({"login": "jsmith"}, "PropertyConstraintViolationException"),
    ({"login": "jsmith", "client_id": ""}, "PropertyConstraintViolationException"),
    ({"login": "jsmith", "client_id": ["x"]}, "PropertyConstraintViolationException"),
])
def test_a_bad_document(as_server, customer, storefront, body, fault):
    assert fault_of(as_server.post(URL, body, format="json"), 400)["type"] == fault


def test_a_customer_jwt_is_refused(as_customer, customer, storefront):
    assert fault_of(trusted_login(as_customer), 401) == {
        "type": "InvalidAccessTokenException",
        "message": "This operation needs a trusted server's OAuth token (grant type client_credentials).",
    }


def test_an_agents_token_is_refused(api, agent_token, customer, storefront):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {agent_token}")
    assert fault_of(trusted_login(api), 403)["type"] == "InsufficientPermissionsException"


def test_no_token_is_refused(api, client_app, customer, storefront):
    assert fault_of(trusted_login(api, url=f"{URL}?client_id={CID}"), 401)["type"] == "InvalidAccessTokenException"
    assert not CustomerToken.objects.exists()


def test_the_oauth_token_must_be_the_named_clients(as_server, customer, storefront):
    response = trusted_login(as_server, url=f"{URL}?client_id={STOREFRONT}")
    assert fault_of(response, 401)["type"] == "InvalidAccessTokenException"


def test_no_extension_point_runs(as_server, customer, storefront):
    with connected(auth_after_auth, hook_fault()) as receiver:
        assert trusted_login(as_server).status_code == 200
    assert receiver.calls == []


def test_served_on_a_named_site_for_that_sites_customers(as_server, make_customer, other_site, storefront):
    make_customer(site=other_site)
    url = api_url("customers", "auth", "trustedsystem", site="OtherSite", version=VERSION)
    response = trusted_login(as_server, url=url)
    assert response.status_code == 200
    assert fault_of(trusted_login(as_server), 401) == FAILED  # not a customer of the default site


@pytest.mark.parametrize("path", ["/dw/shop/v20_4/Customers/Auth/TrustedSystem",
                                  "/DW/Shop/v20_4/CUSTOMERS/AUTH/trustedSystem"])
def test_resource_names_are_case_insensitive(as_server, customer, storefront, path):
    assert trusted_login(as_server, url=path).status_code == 200


def test_from_the_shell(customer, site, storefront):
    found, token = services.auth_trusted_system(site=site, login="jsmith", client_id=STOREFRONT)
    assert found == customer
    assert CustomerToken.objects.get(kind=CustomerToken.TRUSTED_SYSTEM).client_id == STOREFRONT
    assert token.count(".") == 2
