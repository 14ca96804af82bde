"""Two gunicorn servers on one database: nothing that must be shared is process-local."""
import base64
import os

import pytest
from django.conf import settings

from shopsite.servers import call, gunicorn
from shopsite.testing import api_url, database_url

# real_hashing: the servers only know the production hashers.
pytestmark = [pytest.mark.concurrency, pytest.mark.real_hashing, pytest.mark.django_db(transaction=True)]
CID = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"


@pytest.fixture
def two_servers(client_app, customer):
    env = {**os.environ, "DATABASE_URL": database_url(), "DJANGO_DEBUG": "1", "SHOPSITE_THROTTLING": "off",
           "DJANGO_SETTINGS_MODULE": "shopsite.settings", "SHOPSITE_VAR_DIR": str(settings.VAR_DIR)}
    with gunicorn(env) as first, gunicorn(env) as second:
        yield [f"{first}{api_url()}", f"{second}{api_url()}"]


def login(base, password):
    basic = "Basic " + base64.b64encode(f"jsmith:{password}".encode()).decode()
    return call("POST", f"{base}/customers/auth?client_id={CID}", {"type": "credentials"},
                {"Authorization": basic})


def test_token_revoked_on_one_server_is_refused_by_the_other(two_servers, customer):
    first, second = two_servers
    status, headers, _ = login(first, "12345!aBcD")
    assert status == 200
    auth = {"Authorization": headers["Authorization"]}
    customer_url = f"/customers/{customer.customer_id}"
    assert call("GET", second + customer_url, headers=auth)[0] == 200
    assert call("DELETE", f"{first}/customers/auth", headers=auth)[0] == 204
    status, _, body = call("GET", second + customer_url, headers=auth)
    assert status == 401 and body["fault"]["type"] == "InvalidAccessTokenException"


def test_failed_logins_spread_over_both_servers_lock_the_account(two_servers, customer):
    first, second = two_servers
    for attempt in range(6):
        assert login(two_servers[attempt % 2], "wrong")[0] == 401
    customer.refresh_from_db()
    assert customer.is_locked
    assert login(first, "12345!aBcD")[0] == 401 and login(second, "12345!aBcD")[0] == 401
