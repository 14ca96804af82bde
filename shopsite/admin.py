"""Back office for sites, API clients (secret shown once) and OAuth tokens (revocable)."""
import secrets

from django.contrib import admin, messages
from django.utils import timezone

from shopsite.models import ApiClient, OAuthToken, Site
from shopsite.services import api_client_set_enabled


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["site_id", "name"]
    search_fields = ["site_id", "name"]


def _new_secret(request, client):
    secret = secrets.token_urlsafe(32)
    client.set_secret(secret)
    messages.warning(
        request, f"Secret of {client.client_id}: {secret} — copy it now, it is stored hashed and not shown again."
    )


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["client_id", "name", "enabled", "token_lifetime", "created"]
    list_filter = ["enabled"]
    search_fields = ["client_id", "name"]
    readonly_fields = ["created"]
    fields = ["client_id", "name", "enabled", "token_lifetime", "allowed_origins", "created"]
    actions = ["regenerate_secret", "disable"]

    def save_model(self, request, obj, form, change):
        if not change:
            _new_secret(request, obj)
        super().save_model(request, obj, form, change)

    @admin.action(description="Generate a new secret (shown once)")
    def regenerate_secret(self, request, queryset):
        for client in queryset:
            _new_secret(request, client)
            client.save(update_fields=["secret_hash"])

    @admin.action(description="Disable the selected clients (revokes their tokens)")
    def disable(self, request, queryset):
        for client in queryset:
            api_client_set_enabled(client=client, enabled=False)


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

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"{count} token(s) revoked.")
