"""Data: the "Customer service agents" group holding create_order_on_behalf_of (see customers.agents)."""
from django.db import migrations


def create_group(apps, schema_editor):
    from customers.agents import agent_group

    agent_group(apps)


def remove_group(apps, schema_editor):
    from customers.agents import AGENT_GROUP

    apps.get_model("auth", "Group").objects.filter(name=AGENT_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0003_admin_search_indexes_and_agent_activity"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
