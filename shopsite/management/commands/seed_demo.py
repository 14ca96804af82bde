"""Load the demo data of the README (idempotent): the demo client, the admin, customers.

Each app may contribute a ``demo.py`` with ``seed(stdout)``; they run in app order.
"""
import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create (or refresh) the fixed, obviously fake demo data used in the README."

    def add_arguments(self, parser):
        parser.add_argument("--customers", type=int, default=0,
                            help="Also bulk-create this many registered customers (shopper0000001 ...).")

    def handle(self, *args, customers=0, **options):
        with transaction.atomic():
            for config in apps.get_app_configs():
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                module.seed(self.stdout)
        if customers:
            from customers.demo import seed_bulk

            seed_bulk(customers, self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
