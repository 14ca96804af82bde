from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_delete, post_save
from django_tasks_db.apps import TasksAppConfig as TasksDatabaseConfig


class ShopsiteAdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` with shopsite's admin site as ``admin.site``."""

    default = False  # named in INSTALLED_APPS in place of django.contrib.admin
    default_site = "shopsite.admin_site.ShopsiteAdminSite"


class BackgroundTasksConfig(TasksDatabaseConfig):
    """``django_tasks_db`` (the tasks' rows), named for the merchant in the admin."""

    default = False  # named in INSTALLED_APPS in place of django_tasks_db
    verbose_name = "Background tasks"


class ShopsiteConfig(AppConfig):
    default = True
    name = "shopsite"
    verbose_name = "Shop API"

    def ready(self):
        from shopsite import (
            checks,  # noqa: F401  (registers the system checks)
            redaction,
        )

        redaction.install()
        from corsheaders.signals import check_request_enabled

        from shopsite.api import forget_cached_sites
        from shopsite.cors import forget_origins, origin_allowed
        from shopsite.models import ApiClient, OcapiSettings, Site
        from shopsite.ocapi_settings.runtime import settings_changed

        post_save.connect(forget_cached_sites, sender=Site, dispatch_uid="shopsite.sites.saved")
        post_delete.connect(forget_cached_sites, sender=Site, dispatch_uid="shopsite.sites.deleted")
        post_save.connect(forget_origins, sender=ApiClient, dispatch_uid="shopsite.cors.saved")
        post_delete.connect(forget_origins, sender=ApiClient, dispatch_uid="shopsite.cors.deleted")
        check_request_enabled.connect(origin_allowed, dispatch_uid="shopsite.cors.origin_allowed")
        post_save.connect(settings_changed, sender=OcapiSettings, dispatch_uid="shopsite.ocapi_settings.saved")
        post_delete.connect(settings_changed, sender=OcapiSettings, dispatch_uid="shopsite.ocapi_settings.deleted")

        from shopsite.openapi import annotate_views

        annotate_views()  # imports every app's openapi module, which registers its operations
