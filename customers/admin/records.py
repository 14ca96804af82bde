"""The records the system keeps about customers, shown read-only: agents' writes, and
failed logins on names no customer has."""
from django.contrib import admin
from django.urls import reverse

from customers.admin.display import link
from customers.models import AgentActivity, UncountedLoginFailures
from shopsite.admin import ReadOnlyAdmin


@admin.register(AgentActivity)
class AgentActivityAdmin(ReadOnlyAdmin):
    """What agents changed through on-behalf tokens: read-only, for every customer."""

    list_display = ["created", "agent_username", "customer_link", "method", "path", "status", "client_id"]
    list_filter = ["method", "created"]
    list_select_related = ["customer"]
    search_fields = ["=agent_username", "=customer__customer_no", "=customer__login"]
    date_hierarchy = "created"
    list_per_page = 100
    show_full_result_count = False
    fields = ["created", "agent", "agent_username", "customer", "token", "client_id", "method", "path", "status"]
    readonly_fields = fields

    @admin.display(description="customer", ordering="customer__customer_no")
    def customer_link(self, entry):
        return link(reverse("admin:customers_customer_change", args=[entry.customer_id]), entry.customer)


@admin.register(UncountedLoginFailures)
class UncountedLoginFailuresAdmin(ReadOnlyAdmin):
    """Failed logins on names no customer has (or on disabled and locked customers), per
    site: a sudden rise is someone guessing logins. Read-only."""

    list_display = ["site", "attempts", "last_attempt"]
    fields = readonly_fields = list_display
