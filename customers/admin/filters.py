"""The customer list's own filters (Django's cover the plain fields)."""
from django.contrib import admin
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from customers.models import Customer


class LockedFilter(admin.SimpleListFilter):
    """Locked means locked now: ``locked_until`` in the future (a past lockout has ended)."""

    title = "locked"
    parameter_name = "locked"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        locked = Q(locked_until__gt=timezone.now())
        if self.value() == "yes":
            return queryset.filter(locked)
        if self.value() == "no":
            return queryset.exclude(locked)
        return queryset


class SharedEmailFilter(admin.SimpleListFilter):
    """Registered customers whose email another enabled registered customer of their site has too.
    A reset by email then does nothing for either (the spec: more than one match, no
    reset), and anyone can cause that by registering a victim's email: the merchant finds
    them here. One EXISTS on indexed columns (site, email_key): the list costs no more queries."""

    title = "shares its email"
    parameter_name = "shared_email"

    def lookups(self, request, model_admin):
        return [("yes", "Yes")]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        other = Customer.objects.filter(site=OuterRef("site"), email_key=OuterRef("email_key"),
                                        auth_type=Customer.REGISTERED, enabled=True).exclude(pk=OuterRef("pk"))
        return queryset.filter(Exists(other), auth_type=Customer.REGISTERED).exclude(email_key="")
