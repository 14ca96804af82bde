"""Back office for saved payment instruments: masked data only, read-only; merchants can
delete an instrument (through the service, so the delete extension points run).

The read-only inline joins the customer's page from here (``customers.admin.registry``),
so the customers app does not depend on this one.
"""
from django.contrib import admin, messages
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from customers.admin.registry import register_erase_count, register_inline
from payments import services
from payments.models import CustomerPaymentInstrument
from shopsite import faults

MASKED_FIELDS = [
    "payment_instrument_id", "payment_method_id", "card", "credit_card_expired", "bank_account",
    "gift_certificate_code_masked", "bank_routing_number", "creation_date",
]


class MaskedDisplay:
    """Columns shared by the inline and the list: only what is stored, i.e. masked."""

    @admin.display(description="card")
    def card(self, instrument):
        parts = [instrument.card_type, instrument.card_masked_number, instrument.card_holder]
        if instrument.card_expiration_month or instrument.card_expiration_year:
            month = f"{instrument.card_expiration_month:02d}" if instrument.card_expiration_month else "--"
            parts.append(f"exp. {month}/{instrument.card_expiration_year or '----'}")
        return " ".join(part for part in parts if part) or "-"

    @admin.display(description="expired", boolean=True)
    def credit_card_expired(self, instrument):
        return instrument.credit_card_expired

    @admin.display(description="bank account")
    def bank_account(self, instrument):
        parts = [instrument.bank_account_masked_number, instrument.bank_account_holder]
        if instrument.bank_account_masked_drivers_license:
            parts += ["licence", instrument.bank_account_masked_drivers_license,
                      instrument.bank_account_drivers_license_state_code]
        return " ".join(part for part in parts if part) or "-"


def _refusal(error):
    return error.arguments.get("statusMessage") or error.message


class ServiceDeletionFormSet(BaseInlineFormSet):
    """Deletes ticked instruments through the service; a refusing hook keeps the instrument
    (its savepoint rolls back) and tells the merchant why. ``request`` is set per request."""

    request = None

    def delete_existing(self, obj, commit=True):
        if not commit:
            return
        try:
            services.payment_instrument_delete(customer=self.instance, payment_instrument_id=obj.payment_instrument_id)
        except faults.PaymentInstrumentNotFoundException:
            pass  # deleted meanwhile: the merchant's wish is fulfilled
        except faults.HookStatusException as error:
            self.deleted_objects.remove(obj)
            messages.error(self.request, f"Payment instrument {obj.payment_instrument_id} was not deleted: "
                                         f"{_refusal(error)}")


class CustomerPaymentInstrumentInline(MaskedDisplay, admin.TabularInline):
    model = CustomerPaymentInstrument
    formset = ServiceDeletionFormSet
    extra = 0
    fields = MASKED_FIELDS
    readonly_fields = MASKED_FIELDS
    ordering = ["creation_date", "id"]
    verbose_name_plural = "saved payment instruments (masked)"

    def has_add_permission(self, request, obj=None):
        return False

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)  # a new class on every call
        formset.request = request
        return formset


register_inline(CustomerPaymentInstrumentInline)
register_erase_count("instruments", "payment instruments", CustomerPaymentInstrument.objects.all)


@admin.register(CustomerPaymentInstrument)
class CustomerPaymentInstrumentAdmin(MaskedDisplay, admin.ModelAdmin):
    """View and search instruments across customers; delete one at a time, through the service."""

    list_display = ["payment_instrument_id", "customer_link", "payment_method_id", "card", "credit_card_expired",
                    "bank_account", "gift_certificate_code_masked", "same_card", "creation_date"]
    list_filter = ["payment_method_id", "card_type", "customer__site"]
    list_select_related = ["customer"]
    search_fields = ["payment_instrument_id", "customer__login", "customer__customer_no", "customer__customer_id",
                     "card_number_last_digits", "bank_account_number_last_digits", "=card_number_fingerprint"]
    fields = ["customer", *MASKED_FIELDS, "custom"]
    readonly_fields = fields
    date_hierarchy = "creation_date"

    @admin.display(description="customer", ordering="customer__login")
    def customer_link(self, instrument):
        url = reverse("admin:customers_customer_change", args=[instrument.customer_id])
        return format_html('<a href="{}">{}</a>', url, instrument.customer)

    @admin.display(description="same card")
    def same_card(self, instrument):
        """A link listing every instrument of this card (any customer), by its fingerprint."""
        if not instrument.card_number_fingerprint:
            return "-"
        url = reverse("admin:payments_customerpaymentinstrument_changelist")
        return format_html('<a href="{}?q={}">find</a>', url, instrument.card_number_fingerprint)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # masked data is not editable; delete and re-add instead

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one at a time, each through the service
        return actions

    def delete_model(self, request, obj):
        services.payment_instrument_delete(customer=obj.customer, payment_instrument_id=obj.payment_instrument_id)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except faults.HookStatusException as error:  # the view's transaction rolled back
            self.message_user(request, f"The payment instrument was not deleted: {_refusal(error)}", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:payments_customerpaymentinstrument_change", args=[object_id]))
