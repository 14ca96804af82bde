"""The customer list's actions that change customers, each through ``customers.services``
and recorded in the admin log. The customer's page runs the same functions from its
buttons, on a queryset of that one customer (``CustomerAdmin.object_action_view``).
"""
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse

from customers import services
from customers.admin.registry import CUSTOMER_ERASE_COUNTS, EraseCount
from customers.models import Customer, CustomerToken
from customers.personal_data import ERASE_DESCRIPTIONS
from shopsite import faults

LOG_BATCH = 1000


def log_changes(request, customers, message):
    """One admin-log entry per customer (inserted in batches), as Django logs a change."""
    batch = []
    for customer in customers:
        batch.append(customer)
        if len(batch) == LOG_BATCH:
            LogEntry.objects.log_actions(request.user.pk, batch, CHANGE, message)
            batch = []
    if batch:
        LogEntry.objects.log_actions(request.user.pk, batch, CHANGE, message)


def _set_enabled(modeladmin, request, queryset, enabled):
    changed = [customer for customer in queryset.select_related("site") if customer.enabled != enabled]
    for customer in changed:
        services.customer_set_enabled(customer=customer, enabled=enabled)
    log_changes(request, changed, "Enabled." if enabled else "Disabled (tokens and reset links revoked).")
    modeladmin.message_user(request, f"{len(changed)} customer(s) {'enabled' if enabled else 'disabled'}.")


@admin.action(description="Enable the selected customers", permissions=["change"])
def enable(modeladmin, request, queryset):
    _set_enabled(modeladmin, request, queryset, True)


@admin.action(description="Disable the selected customers (revokes their tokens)", permissions=["change"])
def disable(modeladmin, request, queryset):
    _set_enabled(modeladmin, request, queryset, False)


@admin.action(description="Unlock (clear failed logins)", permissions=["change"])
def unlock(modeladmin, request, queryset):
    customers = list(queryset.select_related("site"))
    for customer in customers:
        services.customer_unlock(customer=customer)
    log_changes(request, customers, "Unlocked (failed logins cleared).")
    modeladmin.message_user(request, f"{len(customers)} customer(s) unlocked.")


@admin.action(description="Send a password reset email", permissions=["change"])
def send_password_reset(modeladmin, request, queryset):
    """Through the API's service and signal: the afterPOST receivers (the default one
    queues the email of the link for the worker) run as for
    ``POST /customers/{id}/password_reset``."""
    sent, skipped = [], 0
    for customer in queryset.select_related("site"):
        if customer.is_guest or not customer.enabled or not customer.email:
            skipped += 1
            continue
        try:
            services.password_reset_for_customer(customer=customer)
        except faults.HookStatusException as error:
            modeladmin.message_user(request, f"No reset email for {customer}: "
                                             f"{error.arguments.get('statusMessage') or error.message}",
                                    messages.ERROR)
            continue
        sent.append(customer)
    log_changes(request, sent, "Queued a password reset email.")
    note = f"; {skipped} skipped (guest, disabled or without email)" if skipped else ""
    modeladmin.message_user(request, f"Password reset email queued for {len(sent)} customer(s){note}.",
                            messages.SUCCESS if sent else messages.WARNING)


@admin.action(description="Log out everywhere (revoke all tokens)", permissions=["change"])
def log_out_everywhere(modeladmin, request, queryset):
    customers = list(queryset.select_related("site"))
    revoked = sum(services.customer_log_out_everywhere(customer=customer) for customer in customers)
    log_changes(request, customers, "Logged out everywhere (all tokens revoked, storefront sessions ended).")
    modeladmin.message_user(request, f"{revoked} token(s) of {len(customers)} customer(s) revoked.")


@admin.action(description="Erase the selected customers' personal data (GDPR)…", permissions=["delete"])
def erase(modeladmin, request, queryset):
    """A confirmation page first (as Django's delete); ``post=yes`` erases."""
    customers = list(queryset.select_related("site"))
    if request.POST.get("post") != "yes":
        return erase_confirmation(modeladmin, request, customers)
    content_type = ContentType.objects.get_for_model(Customer)
    for customer in customers:
        erased = services.customer_erase(customer=customer)
        # Earlier log entries named the customer: they now show the placeholder too.
        LogEntry.objects.filter(content_type=content_type, object_id=str(customer.pk)).update(
            object_repr=str(erased)[:200]
        )
        modeladmin.log_change(request, erased, "Erased the personal data (GDPR): the profile is anonymised; "
                                               f"{'; '.join(ERASE_DESCRIPTIONS.values())}.")
    modeladmin.message_user(request, f"The personal data of {len(customers)} customer(s) was erased.")
    return None


#: The customers app's own column of the confirmation, after the other apps' (CUSTOMER_ERASE_COUNTS).
ACTIVE_TOKENS = EraseCount("tokens", "active tokens", CustomerToken.objects.active)


def erase_confirmation(modeladmin, request, customers):
    """What each customer has that the erase deletes or detaches: one grouped count per
    kind, however many customers are selected."""
    pks = [customer.pk for customer in customers]
    columns = [*CUSTOMER_ERASE_COUNTS, ACTIVE_TOKENS]
    counts = {
        column.name: dict(column.rows().filter(customer__in=pks).order_by().values_list("customer")
                          .annotate(n=Count("pk")))
        for column in columns
    }
    rows = [
        {"customer": customer, **{name: counted.get(customer.pk, 0) for name, counted in counts.items()}}
        for customer in customers
    ]
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Erase personal data?",
        "opts": modeladmin.opts,
        "columns": [column.label for column in columns],
        "rows": rows,
        "erased_elsewhere": list(ERASE_DESCRIPTIONS.values()),
        "customers": customers,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        "cancel_url": (reverse("admin:customers_customer_change", args=[customers[0].pk]) if len(customers) == 1
                       else reverse("admin:customers_customer_changelist")),
    }
    return TemplateResponse(request, "admin/customers/customer/erase_confirmation.html", context)
