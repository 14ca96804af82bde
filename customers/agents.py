"""The "Customer service agents" group: staff users in it may act on behalf of customers
(``POST /customers/{id}/auth``) and look after customers in the admin.

Created by the data migration ``0004_customer_service_agents``, which passes its
historical ``apps``; ``seed_demo`` and tests call it with the live registry. Permissions
are created here when missing: on a fresh database Django creates them only after the
last migration (``post_migrate``), and it skips those that already exist.
"""
from django.apps import apps as live_apps

AGENT_GROUP = "Customer service agents"
ACT_FOR_CUSTOMERS = "customers.create_order_on_behalf_of"


def may_act_for_customers(user):
    """An agent may obtain, renew and use on-behalf tokens while this holds: an active staff
    user (as the agent grant requires) with the Create_Order_On_Behalf_Of permission."""
    return user is not None and user.is_active and user.is_staff and user.has_perm(ACT_FOR_CUSTOMERS)

# (app_label, model, codename, name): the name is Django's default for the built-in ones.
# The apps that look after a customer's things add theirs (register_agent_permissions).
AGENT_PERMISSIONS = [
    ("customers", "customer", "create_order_on_behalf_of", "Can act on behalf of a customer (agent tokens)"),
    ("customers", "customer", "view_customer", "Can view customer"),
    ("customers", "customer", "change_customer", "Can change customer"),
    ("customers", "agentactivity", "view_agentactivity", "Can view agent activity"),
    ("django_tasks_database", "dbtaskresult", "view_dbtaskresult", "Can view Task Result"),
]


def register_agent_permissions(app_label: str, *permissions: tuple[str, str, str]) -> None:
    """Permissions (model, codename, name) of ``app_label`` that the agents' group holds."""
    AGENT_PERMISSIONS.extend((app_label, *permission) for permission in permissions)


def agent_group(apps=live_apps):
    """The group with its permissions, created (or completed) when needed."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = []
    for app_label, model, codename, name in AGENT_PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        permissions.append(permission)
    group, _ = Group.objects.get_or_create(name=AGENT_GROUP)
    group.permissions.add(*permissions)
    return group
