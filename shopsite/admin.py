"""Back office for sites, API clients (secret shown once) and OAuth tokens (revocable)."""
import secrets

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone

from shopsite.models import ApiClient, OAuthToken, Site
from shopsite.services import api_client_rotate_secret, api_client_set_enabled


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the system writes (activity, counters): shown, never added, edited or deleted."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["site_id", "name"]
    search_fields = ["site_id", "name"]


def _show_secret_once(request, client, secret):
    # Messages are stored in the session (settings.MESSAGE_STORAGE), never in a cookie.
    messages.warning(
        request, f"Secret of {client.client_id}: {secret} — copy it now, it is stored hashed and not shown again."
    )


class ApiClientForm(forms.ModelForm):
    """The model's validators hold the rules (no ':' in ids, lifetimes of 1 minute to 1 day)."""

    class Meta:
        model = ApiClient
        fields = ["client_id", "name", "enabled", "token_lifetime", "allowed_origins"]


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    """Create, edit, disable; the secret is generated here, shown once, stored hashed."""

    form = ApiClientForm
    list_display = ["client_id", "name", "enabled", "token_lifetime", "created"]
    list_filter = ["enabled"]
    search_fields = ["client_id", "name"]
    readonly_fields = ["secret", "created"]
    fields = ["client_id", "name", "enabled", "token_lifetime", "allowed_origins", "secret", "created"]
    actions = ["regenerate_secret", "enable", "disable"]

    @admin.display(description="secret")
    def secret(self, client):
        if not client.pk:
            return "Generated when you save, and shown once."
        return "Stored hashed, never shown again. Replace it with the action “Generate a new secret”."

    def save_model(self, request, obj, form, change):
        """A new client gets its secret; unticking "enabled" revokes its tokens (service)."""
        with transaction.atomic():
            if not change:
                secret = secrets.token_urlsafe(32)
                obj.set_secret(secret)
                _show_secret_once(request, obj, secret)
            super().save_model(request, obj, form, change)
            if change and "enabled" in form.changed_data:
                api_client_set_enabled(client=obj, enabled=obj.enabled)

    @admin.action(description="Generate a new secret (shown once; revokes its OAuth tokens)", permissions=["change"])
    def regenerate_secret(self, request, queryset):
        for client in queryset:
            _show_secret_once(request, client, api_client_rotate_secret(client=client))
            self.log_change(request, client, "Generated a new secret (OAuth tokens revoked).")

    def _set_enabled(self, request, queryset, enabled):
        changed = [client for client in queryset if client.enabled != enabled]
        for client in changed:
            api_client_set_enabled(client=client, enabled=enabled)
            self.log_change(request, client, "Enabled." if enabled else "Disabled (tokens revoked).")
        self.message_user(request, f"{len(changed)} client(s) {'enabled' if enabled else 'disabled'}.")

    @admin.action(description="Enable the selected clients", permissions=["change"])
    def enable(self, request, queryset):
        self._set_enabled(request, queryset, True)

    @admin.action(description="Disable the selected clients (revokes their tokens)", permissions=["change"])
    def disable(self, request, queryset):
        self._set_enabled(request, queryset, False)


@admin.register(OAuthToken)
class OAuthTokenAdmin(admin.ModelAdmin):
    list_display = ["api_client", "agent", "created", "expires_at", "revoked_at"]
    list_filter = ["api_client", "revoked_at"]
    list_select_related = ["api_client", "agent"]
    search_fields = ["api_client__client_id", "agent__username"]
    readonly_fields = ["api_client", "agent", "created", "expires_at", "revoked_at"]
    exclude = ["token_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Revoke the selected tokens", permissions=["change"])
    def revoke(self, request, queryset):
        active = list(queryset.filter(revoked_at__isnull=True).select_related("api_client", "agent"))
        count = queryset.filter(pk__in=[token.pk for token in active]).update(revoked_at=timezone.now())
        for token in active:
            self.log_change(request, token, "Revoked.")
        self.message_user(request, f"{count} token(s) revoked.")
from shopsite import task_admin  # noqa: E402,F401  (the task queue)
from shopsite.ocapi_settings import admin as ocapi_settings_admin  # noqa: E402,F401  (OCAPI settings)
