"""The admin site's guards, for every ModelAdmin: no lookup on a secret, no 500 for a
posted NUL or for action ids that are no primary keys."""
import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent_client(client):
    from customers.agents import agent_group

    agent = get_user_model().objects.create_user("helpdesk", password="helpdesk-pass-1", is_staff=True)
    agent.groups.add(agent_group())
    client.force_login(agent)
    return client


@pytest.mark.parametrize("lookup", ["password__startswith", "password__regex", "customer__password__startswith"])
def test_no_list_looks_up_a_password_hash(agent_client, customer, lookup):
    url = "/admin/customers/customer/" if lookup.startswith("password") else "/admin/addresses/customeraddress/"
    response = agent_client.get(url, {lookup: "argon2"})
    assert response.status_code == 302 and response["Location"].endswith("?e=1")  # the same for a miss


def test_no_list_looks_up_a_token_hash(admin_client):
    response = admin_client.get("/admin/shopsite/oauthtoken/", {"token_hash__startswith": "a"})
    assert response.status_code == 302 and response["Location"].endswith("?e=1")


@pytest.mark.parametrize("url, action", [
    ("/admin/django_tasks_database/dbtaskresult/", "retry"),
    ("/admin/customers/customer/", "unlock"),
    ("/admin/shopsite/oauthtoken/", "revoke"),
])
@pytest.mark.parametrize("selected", ["zzz", "1\x00"])
def test_actions_on_ids_that_are_no_primary_keys_are_a_400(admin_client, url, action, selected):
    response = admin_client.post(url, {"action": action, "_selected_action": [selected]})
    assert response.status_code == 400
