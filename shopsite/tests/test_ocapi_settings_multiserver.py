"""Two gunicorn servers on one database: OCAPI settings saved here apply on both at their next check.

The servers check on every request here (``SHOPSITE_OCAPI_SETTINGS_CHECK_SECONDS=0``), so no test
waits: the interval itself is tested with a moved clock (test_ocapi_settings_services). With
``REDIS_URL`` set (CI's PostgreSQL run) the servers compare the token in Redis, else the
database's.
"""
import os

import pytest
from django.conf import settings

from shopsite.checks import DEMO_CLIENT_ID
from shopsite.ocapi_settings import ocapi_settings_remove
from shopsite.servers import call, gunicorn
from shopsite.testing import database_url
from shopsite.tests.ocapi_settings_support import client, document, entry, save

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_servers(client_app, site):
    env = {**os.environ, "DATABASE_URL": database_url(), "DJANGO_DEBUG": "1", "SHOPSITE_THROTTLING": "off",
           "DJANGO_SETTINGS_MODULE": "shopsite.settings", "SHOPSITE_VAR_DIR": str(settings.VAR_DIR),
           "SHOPSITE_OCAPI_SETTINGS_CHECK_SECONDS": "0"}
    with gunicorn(env) as first, gunicorn(env) as second:
        yield [f"{first}/dw/shop/v16_4", f"{second}/dw/shop/v16_4"]


def guest(base):
    return call("POST", f"{base}/customers/auth?client_id={DEMO_CLIENT_ID}", {"type": "guest"})


def test_a_saved_document_applies_on_both_servers(two_servers):
    assert [guest(base)[0] for base in two_servers] == [200, 200]
    save(document(client("someone-else", entry("/**"))))
    statuses = [guest(base) for base in two_servers]
    assert [status for status, _, _ in statuses] == [403, 403]
    assert statuses[1][2]["fault"]["type"] == "ClientAccessForbiddenException"
    save(document(client(DEMO_CLIENT_ID, entry("/customers/auth", ["post"]), response_headers={"X-Shop": "1"})))
    answers = [guest(base) for base in two_servers]
    assert [(status, headers.get("X-Shop")) for status, headers, _ in answers] == [(200, "1"), (200, "1")]
    ocapi_settings_remove(site=None, by="test")
    assert [guest(base)[0] for base in two_servers] == [200, 200]
