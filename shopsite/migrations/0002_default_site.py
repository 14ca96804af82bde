"""Create the default site of the spec's samples."""
from django.conf import settings
from django.db import migrations


def create_default_site(apps, schema_editor):
    Site = apps.get_model("shopsite", "Site")
    Site.objects.get_or_create(site_id=settings.SHOPSITE_DEFAULT_SITE, defaults={"name": "Site Genesis"})


class Migration(migrations.Migration):
    dependencies = [("shopsite", "0001_initial")]
    operations = [migrations.RunPython(create_default_site, migrations.RunPython.noop)]
