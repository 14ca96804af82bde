"""Address book back office: an inline of the customer, and a searchable list of its own.

Saves keep the API's rules: one address per customer is preferred (ticking "preferred"
takes the flag from the customer's other addresses), and a book holds no more than
SHOPSITE_MAX_ADDRESSES (services.check_address_book_size, shown as a form error).
"""
from django import forms
from django.contrib import admin
from django.db import transaction

from addresses import services
from addresses.models import CustomerAddress
from customers.admin.registry import register_erase_count, register_inline
from customers.services import customer_lock
from shopsite import faults

SEARCH_FIELDS = ["address_id", "first_name", "last_name", "company_name", "address1", "city", "postal_code",
                 "phone", "customer__login", "customer__email", "customer__customer_no", "customer__customer_id"]


def check_size(count):
    """services.check_address_book_size as a form error."""
    try:
        services.check_address_book_size(count)
    except faults.PropertyConstraintViolationException as error:
        raise forms.ValidationError(error.message) from None


class AddressInlineFormSet(forms.BaseInlineFormSet):
    def _kept_forms(self):
        return [form for form in self.forms if hasattr(form, "cleaned_data") and not self._should_delete_form(form)]

    def clean(self):
        super().clean()
        kept = self._kept_forms()
        preferred = [form for form in kept if form.cleaned_data.get("preferred")]
        if len(preferred) > 1:
            raise forms.ValidationError("Only one address of a customer can be preferred.")
        added = sum(1 for form in kept if form.instance.pk is None and form.has_changed())
        if added:
            deleted = sum(1 for form in self.initial_forms if self._should_delete_form(form))
            check_size(CustomerAddress.objects.filter(customer_id=self.instance.pk).count() - deleted + added)

    @transaction.atomic
    def save(self, commit=True):
        preferred = [form.instance for form in self._kept_forms() if form.cleaned_data.get("preferred")]
        if commit and preferred:
            customer_lock(customer=self.instance)
            services.address_clear_other_preferred(address=preferred[0])
        return super().save(commit)


class CustomerAddressForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        customer = cleaned.get("customer")
        if customer is not None and (self.instance.pk is None or "customer" in self.changed_data):
            check_size(customer.addresses.count() + 1)
        return cleaned


class CustomerAddressInline(admin.StackedInline):
    model = CustomerAddress
    formset = AddressInlineFormSet
    extra = 0
    show_change_link = True
    fields = [
        ("address_id", "preferred"), ("title", "salutation"), ("first_name", "second_name", "last_name", "suffix"),
        ("company_name", "job_title"), ("address1", "address2", "suite", "post_box"),
        ("postal_code", "city", "state_code", "country_code"), "phone",
    ]


# The address book joins the customer's page from here: the customers app knows nothing of it.
register_inline(CustomerAddressInline)
register_erase_count("addresses", "addresses", CustomerAddress.objects.all)


@admin.register(CustomerAddress)
class CustomerAddressAdmin(admin.ModelAdmin):
    form = CustomerAddressForm
    list_display = ["address_id", "customer", "full_name", "address1", "postal_code", "city", "country_code",
                    "preferred", "last_modified"]
    list_display_links = ["address_id"]
    list_filter = ["preferred", "country_code", "customer__site"]
    list_select_related = ["customer"]
    search_fields = SEARCH_FIELDS
    autocomplete_fields = ["customer"]
    readonly_fields = ["full_name", "creation_date", "last_modified"]
    fieldsets = [
        (None, {"fields": ["customer", ("address_id", "preferred"), "full_name"]}),
        ("Name", {"fields": [("title", "salutation"), ("first_name", "second_name", "last_name"), "suffix",
                             ("company_name", "job_title")]}),
        ("Address", {"fields": [("address1", "address2", "suite", "post_box"), ("postal_code", "city"),
                                ("state_code", "country_code"), "phone"]}),
        ("More", {"fields": ["custom", ("creation_date", "last_modified")]}),
    ]

    @admin.display(description="full name")
    def full_name(self, address):
        return address.full_name

    def save_model(self, request, obj, form, change):
        services.address_store(address=obj)
