"""The customer list's exports: CSV of a selection, one customer's data as JSON (GDPR).

Both hand out personal data, so both need ``customers.export_customer``
(``CustomerAdmin.has_export_permission``) and log every customer exported.
"""
import csv
import json

from django.contrib import admin, messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone

from customers import services
from customers.admin.actions import LOG_BATCH, log_changes

CSV_COLUMNS = ["customer_no", "customer_id", "login", "email", "first_name", "last_name", "site", "auth_type",
               "enabled", "locked", "creation_date", "last_login_time", "phone_home", "phone_business",
               "phone_mobile"]


def csv_cell(value):
    """A CSV value a spreadsheet will not run as a formula (=, +, -, @ lead a formula)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_row(customer):
    values = {name: getattr(customer, name, None) for name in CSV_COLUMNS}
    values.update(site=customer.site.site_id, locked=customer.is_locked,
                  creation_date=customer.creation_date.isoformat(),
                  last_login_time=customer.last_login_time.isoformat() if customer.last_login_time else "")
    return [csv_cell(values[name]) for name in CSV_COLUMNS]


@admin.action(description="Export the selected customers as CSV", permissions=["export"])
def export_csv(modeladmin, request, queryset):
    """The customers are read in chunks and logged in batches, never loaded all at once."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="customers-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    batch = []
    for customer in queryset.select_related("site").order_by("pk").iterator(chunk_size=LOG_BATCH):
        writer.writerow(csv_row(customer))
        batch.append(customer)
        if len(batch) == LOG_BATCH:
            log_changes(request, batch, "Exported as CSV.")
            batch = []
    log_changes(request, batch, "Exported as CSV.")
    return response


@admin.action(description="Download one customer's data as JSON (GDPR)", permissions=["export"])
def export_json(modeladmin, request, queryset):
    customers = list(queryset[:2])
    if len(customers) != 1:
        modeladmin.message_user(request, "Select exactly one customer to download their data.", messages.ERROR)
        return None
    customer = customers[0]
    data = services.customer_export(customer=customer)
    modeladmin.log_change(request, customer, "Downloaded the personal data (JSON).")
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder),
                            content_type="application/json; charset=utf-8")
    name = customer.customer_no or customer.customer_id
    response["Content-Disposition"] = f'attachment; filename="customer-{name}.json"'
    return response
