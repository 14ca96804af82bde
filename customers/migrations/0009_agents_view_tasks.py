"""Data: agents see the task queue (read-only) in the admin (see customers.agents)."""
from django.db import migrations


def complete_group(apps, schema_editor):
    from customers.agents import agent_group

    agent_group(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0008_name_validators"),
        ("django_tasks_database", "0001_initial"),
    ]

    operations = [migrations.RunPython(complete_group, migrations.RunPython.noop)]
