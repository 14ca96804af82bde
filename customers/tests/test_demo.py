"""``manage.py seed_demo`` (``make demo``) puts the demo customers back as the README has them:
the demo password, enabled, not locked, whatever the README's examples did to them."""
import base64
import io

import pytest
from django.core.management import call_command

from customers import services
from customers.checks import DEMO_CUSTOMER
from customers.models import Customer
from shopsite.checks import DEMO_CLIENT_ID
from shopsite.testing import api_url

pytestmark = pytest.mark.django_db
DEMO_PASSWORD = DEMO_CUSTOMER[1]


def log_in(api, login, password):
    credentials = base64.b64encode(f"{login}:{password}".encode()).decode()
    api.credentials(HTTP_AUTHORIZATION=f"Basic {credentials}")
    response = api.post(api_url("customers", "auth", client_id=DEMO_CLIENT_ID), {"type": "credentials"}, format="json")
    api.credentials()
    return response


def test_seed_demo_restores_the_demo_password_and_unlocks(api):
    call_command("seed_demo", stdout=io.StringIO())
    # The README's password change, as the API does it ...
    response = log_in(api, "jsmith", DEMO_PASSWORD)
    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=response["Authorization"])
    response = api.put(api_url("customers", response.json()["customer_id"], "password"),
                       {"current_password": DEMO_PASSWORD, "password": "N3w-passw0rd!"}, format="json")
    assert response.status_code == 204
    api.credentials()
    assert log_in(api, "jsmith", DEMO_PASSWORD).status_code == 401
    # ... and jdoe locked out by wrong passwords, then disabled.
    for _ in range(6):
        assert log_in(api, "jdoe", "wrong-password").status_code == 401
    jdoe = Customer.objects.get(login_key="jdoe")
    assert jdoe.is_locked
    services.customer_set_enabled(customer=jdoe, enabled=False)

    call_command("seed_demo", stdout=io.StringIO())

    assert log_in(api, "jsmith", DEMO_PASSWORD).status_code == 200
    assert log_in(api, "jsmith", "N3w-passw0rd!").status_code == 401
    assert log_in(api, "jdoe", DEMO_PASSWORD).status_code == 200
    jdoe.refresh_from_db()
    assert jdoe.enabled and not jdoe.is_locked and jdoe.failed_login_count == 0
