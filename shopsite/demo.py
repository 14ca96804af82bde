"""Demo data of the shopsite app: the demo API client, its OCAPI settings, the admin user."""
import json

from django.contrib.auth import get_user_model

from customers.agents import agent_group
from shopsite.checks import DEMO_ADMIN, DEMO_AGENT, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from shopsite.models import ApiClient
from shopsite.ocapi_settings import ocapi_settings_save, ocapi_settings_text

#: The global OCAPI settings of the demo: the demo client may call the whole Customers resource
#: with every method, and read the public product lists. ``seed`` writes them only where no
#: global document exists.
DEMO_OCAPI_SETTINGS = json.dumps({
    "_v": "19.5",
    "clients": [{
        "client_id": DEMO_CLIENT_ID,
        "allowed_origins": ["http://localhost:3000", "http://127.0.0.1:3000"],
        "resources": [{
            "resource_id": "/customers/**",
            "methods": ["get", "post", "put", "patch", "delete", "head", "options"],  # every method
            "read_attributes": "(**)",
            "write_attributes": "(**)",
            "cache_time": 0,
        }, {
            "resource_id": "/product_lists/**",
            "methods": ["get", "head", "options"],
            "read_attributes": "(**)",
            "cache_time": 0,
        }],
    }],
}, indent=2) + "\n"


def seed(stdout):
    client, created = ApiClient.objects.get_or_create(
        client_id=DEMO_CLIENT_ID,
        defaults={"name": "Demo storefront", "allowed_origins": "http://localhost:3000\nhttp://127.0.0.1:3000"},
    )
    if created or not client.check_secret(DEMO_CLIENT_SECRET):
        client.set_secret(DEMO_CLIENT_SECRET)
        client.save()
    User = get_user_model()
    admin = User.objects.filter(username=DEMO_ADMIN[0]).first()
    if admin is None:
        User.objects.create_superuser(DEMO_ADMIN[0], "admin@example.com", DEMO_ADMIN[1])
    agent = User.objects.filter(username=DEMO_AGENT[0]).first()
    if agent is None:
        agent = User.objects.create_user(DEMO_AGENT[0], "agent@example.com", DEMO_AGENT[1], is_staff=True)
    agent.groups.add(agent_group())
    stdout.write(f"  agent {DEMO_AGENT[0]} / {DEMO_AGENT[1]} (in the group \"Customer service agents\")")
    stdout.write(f"  API client {DEMO_CLIENT_ID} / {DEMO_CLIENT_SECRET}; admin {DEMO_ADMIN[0]} / {DEMO_ADMIN[1]}")
    if ocapi_settings_text(site=None) is not None:  # the shop's own, or the demo's of an earlier run: kept
        stdout.write("  global OCAPI settings: kept as they are, not replaced by the demo's "
                     "(python manage.py ocapi_settings dump)")
        return
    ocapi_settings_save(site=None, text=DEMO_OCAPI_SETTINGS, by="seed_demo")
    stdout.write(f"  global OCAPI settings: the demo's, {DEMO_CLIENT_ID} may call /customers/** with every method "
                 "and read /product_lists/** (python manage.py ocapi_settings dump)")
