"""Customer back office (issue: rich admin grows it); writes go through the services."""
from django.contrib import admin, messages

from customers import services
from customers.models import Customer, CustomerToken


class CustomerTokenInline(admin.TabularInline):
    model = CustomerToken
    extra = 0
    can_delete = False
    fields = ["kind", "client_id", "agent", "issued_at", "expires_at", "revoked_at"]
    readonly_fields = fields
    ordering = ["-issued_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["customer_no", "login", "email", "last_name", "first_name", "site", "enabled",
                    "is_locked", "last_login_time", "creation_date"]
    list_filter = ["auth_type", "enabled", "site"]
    list_select_related = ["site"]
    search_fields = ["login", "email", "customer_no", "customer_id", "last_name", "first_name"]
    readonly_fields = ["customer_id", "customer_no", "auth_type", "creation_date", "last_modified",
                       "last_login_time", "previous_login_time", "last_visit_time", "previous_visit_time",
                       "failed_login_count", "locked_until"]
    exclude = ["password"]
    inlines = [CustomerTokenInline]
    actions = ["unlock"]

    @admin.display(boolean=True, description="locked")
    def is_locked(self, customer):
        return customer.is_locked

    @admin.action(description="Unlock (clear failed logins)")
    def unlock(self, request, queryset):
        for customer in queryset:
            services.customer_unlock(customer=customer)
        messages.success(request, f"{queryset.count()} customer(s) unlocked.")
