from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ShopsiteConfig(AppConfig):
    name = "shopsite"
    verbose_name = "Shop API"

    def ready(self):
        from shopsite import checks  # noqa: F401  (registers the system checks)
        from shopsite.api import forget_cached_sites
        from shopsite.models import Site

        post_save.connect(forget_cached_sites, sender=Site, dispatch_uid="shopsite.sites.saved")
        post_delete.connect(forget_cached_sites, sender=Site, dispatch_uid="shopsite.sites.deleted")
