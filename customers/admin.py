"""Customer back office (issue: rich admin grows it); writes go through the services."""
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.hashers import make_password
from django.db import transaction

from customers import services
from customers.models import Customer, CustomerToken, lookup_key
from customers.serializers import validate_login
from shopsite import faults


class CustomerForm(forms.ModelForm):
    """Logins follow the API's rules: valid, and unique per site whatever their case."""

    class Meta:
        model = Customer
        exclude = ["password"]

    def clean_login(self):
        login = self.cleaned_data.get("login")
        if not login:
            if self.instance.pk and self.instance.is_guest:
                return None
            raise forms.ValidationError("A registered customer needs a login.")
        try:
            validate_login(login)
        except faults.InvalidLoginException as error:
            raise forms.ValidationError(error.message)
        return login

    def clean(self):
        cleaned = super().clean()
        login, site = cleaned.get("login"), cleaned.get("site") or getattr(self.instance, "site", None)
        if login and site:
            taken = Customer.objects.filter(site=site, login_key=lookup_key(login)).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error("login", "This login is already in use on this site.")
        return cleaned


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
    form = CustomerForm
    inlines = [CustomerTokenInline]
    actions = ["unlock"]

    def save_model(self, request, obj, form, change):
        """New customers are registered ones (with a number, no password until a reset);
        disabling goes through the service, which revokes tokens and reset links."""
        with transaction.atomic():
            if not change:
                obj.auth_type = Customer.REGISTERED
                obj.password = make_password(None)
            super().save_model(request, obj, form, change)
            if not change:
                obj.assign_number()
            elif "enabled" in form.changed_data:
                services.customer_set_enabled(customer=obj, enabled=obj.enabled)

    @admin.display(boolean=True, description="locked")
    def is_locked(self, customer):
        return customer.is_locked

    @admin.action(description="Unlock (clear failed logins)")
    def unlock(self, request, queryset):
        for customer in queryset:
            services.customer_unlock(customer=customer)
        messages.success(request, f"{queryset.count()} customer(s) unlocked.")
