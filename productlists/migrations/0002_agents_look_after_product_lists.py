"""Data: the "Customer service agents" group gets the product list permissions (see customers.agents)."""
from django.db import migrations


def complete_group(apps, schema_editor):
    from customers.agents import agent_group

    agent_group(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("productlists", "0001_initial"),
        ("customers", "0011_decoy_reset_tokens"),
        ("django_tasks_database", "0001_initial"),
    ]

    operations = [migrations.RunPython(complete_group, migrations.RunPython.noop)]
