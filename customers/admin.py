"""The customer back office: find a customer, look after them, answer GDPR requests.

Every write goes through ``customers.services`` (the API's rules) and every action is
recorded in the admin log. Actions run on a selection from the list and, one customer at
a time, from the buttons of the customer's page (``<pk>/actions/<name>/``), through the
same code. Search and list are built for large tables: one query per page whatever its
length, and every search branch has an index (see ``customer_search``).
"""
import csv
import json

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import unquote
from django.contrib.auth.hashers import is_password_usable, make_password
from django.contrib.auth.password_validation import get_password_validators, password_validators_help_text_html
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.text import smart_split, unescape_string_literal
from django.views.decorators.debug import sensitive_post_parameters

from addresses.models import CustomerAddress
from customers import services
from customers.models import AgentActivity, Customer, CustomerToken, UncountedLoginFailures, lookup_key
from customers.serializers import validate_login
from orders.models import Basket, Order
from payments.models import CustomerPaymentInstrument
from shopsite import faults
from shopsite.admin import ReadOnlyAdmin

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


def customer_search(term):
    """What one search word matches; each branch is served by an index (on PostgreSQL a
    search never scans the table): the customer number (``1140`` finds ``00001140``) or
    id, the beginning of a login or an email (any case), a first or last name (any case),
    a phone number as stored."""
    key = lookup_key(term)
    match = (
        Q(customer_no=term) | Q(customer_id=term)
        | Q(login_key__startswith=key) | Q(email_key__startswith=key)
        | Q(last_name__iexact=term) | Q(first_name__iexact=term)
        | Q(phone_home=term) | Q(phone_business=term) | Q(phone_mobile=term)
    )
    if term.isdigit() and len(term) < 8:
        match |= Q(customer_no=term.zfill(8))
    return match


def csv_cell(value):
    """A CSV value a spreadsheet will not run as a formula (=, +, -, @ lead a formula)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


CSV_COLUMNS = ["customer_no", "customer_id", "login", "email", "first_name", "last_name", "site", "auth_type",
               "enabled", "locked", "creation_date", "last_login_time", "phone_home", "phone_business",
               "phone_mobile"]


def csv_row(customer):
    values = {name: getattr(customer, name, None) for name in CSV_COLUMNS}
    values.update(site=customer.site.site_id, locked=customer.is_locked,
                  creation_date=customer.creation_date.isoformat(),
                  last_login_time=customer.last_login_time.isoformat() if customer.last_login_time else "")
    return [csv_cell(values[name]) for name in CSV_COLUMNS]


class CustomerForm(forms.ModelForm):
    """Logins follow the API's rules: valid, and unique per site whatever their case. A
    login left as it was is kept (an erased customer's ``erased-...`` included)."""

    class Meta:
        model = Customer
        exclude = ["password"]

    def clean_login(self):
        login = self.cleaned_data.get("login")
        if not login:
            if self.instance.pk and self.instance.is_guest:
                return None
            raise forms.ValidationError("A registered customer needs a login.")
        if self.instance.pk and login == self.instance.login:
            return login
        try:
            validate_login(login)
        except faults.InvalidLoginException as error:
            raise forms.ValidationError(error.message) from None
        return login

    def clean(self):
        cleaned = super().clean()
        login, site = cleaned.get("login"), cleaned.get("site") or getattr(self.instance, "site", None)
        if login and site:
            taken = Customer.objects.filter(site=site, login_key=lookup_key(login)).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error("login", "This login is already in use on this site.")
        return cleaned


class SetPasswordForm(forms.Form):
    """The two fields of "set password"; the policy is the service's (one place)."""

    password1 = forms.CharField(label="New password", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "autofocus": True}))
    password2 = forms.CharField(label="New password (again)", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = password_validators_help_text_html(
            get_password_validators(settings.SHOPSITE_PASSWORD_VALIDATORS)
        )

    def clean_password2(self):
        if self.cleaned_data.get("password1") != self.cleaned_data["password2"]:
            raise forms.ValidationError("The two passwords differ.")
        return self.cleaned_data["password2"]


class LockedFilter(admin.SimpleListFilter):
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


class CustomerTokenInline(admin.TabularInline):
    """Every JWT issued to the customer, on-behalf ones with their agent."""

    model = CustomerToken
    extra = 0
    can_delete = False
    fields = ["kind", "client_id", "agent", "issued_at", "expires_at", "revoked_at"]
    readonly_fields = fields
    ordering = ["-issued_at"]
    verbose_name_plural = "tokens issued (on-behalf tokens name their agent)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agent", "customer")  # str() names the customer

    def has_add_permission(self, request, obj=None):
        return False


def _table(headers, rows):
    head = format_html_join("", "<th>{}</th>", ((header,) for header in headers))
    body = format_html_join("", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((c,) for c in row)),)
                                                for row in rows))
    return format_html('<table class="customer-related"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>',
                       head, body)


def _short(moment):
    """A date-time as the list shows it: compact, in the admin's time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else None


def _link(url, text):
    return format_html('<a href="{}">{}</a>', url, text)


SHOWN_RELATED = 5
SHOWN_ACTIVITY = 10
PROFILE_FIELDS = [
    ("salutation", "title"), ("first_name", "second_name", "last_name", "suffix"), ("gender", "birthday"),
    "email", ("phone_home", "phone_business", "phone_mobile", "fax"), ("company_name", "job_title"),
    "preferred_locale",
]


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["customer_no", "login", "email", "name", "site", "enabled", "locked", "last_login",
                    "created"]
    list_display_links = ["customer_no", "login"]
    list_filter = ["enabled", LockedFilter, SharedEmailFilter, "site", "auth_type", "creation_date",
                   "last_login_time"]
    list_select_related = ["site"]
    list_per_page = 100
    show_full_result_count = False  # one count less per page on large tables
    date_hierarchy = "creation_date"
    # Shows the search box (and serves autocompletes); the search itself is get_search_results.
    search_fields = ["login", "email", "customer_no", "last_name", "first_name", "phone_home"]
    search_help_text = ("Customer no or id, the beginning of a login or an email, a first or last name, "
                        "or a phone number. Several words must all match, or the whole term.")
    form = CustomerForm
    inlines = [CustomerTokenInline]
    readonly_fields = ["customer_id", "customer_no", "auth_type", "password_status", "is_locked", "creation_date",
                       "last_modified", "last_login_time", "previous_login_time", "last_visit_time",
                       "previous_visit_time", "failed_login_count", "locked_until", "orders_summary",
                       "baskets_summary", "agent_activity_summary"]
    fieldsets = [
        (None, {"fields": [("customer_no", "customer_id"), ("site", "auth_type"), "login", "password_status"]}),
        ("Profile", {"fields": PROFILE_FIELDS}),
        ("Access", {"fields": ["enabled", ("is_locked", "failed_login_count", "locked_until")]}),
        ("Dates", {"fields": [("creation_date", "last_modified"), ("last_login_time", "previous_login_time"),
                              ("last_visit_time", "previous_visit_time")]}),
        ("Orders and baskets", {"fields": ["orders_summary", "baskets_summary"]}),
        ("Agent activity (writes through on-behalf tokens)", {"fields": ["agent_activity_summary"]}),
        ("Custom attributes", {"fields": ["custom"], "classes": ["collapse"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["site", "login"],
                "description": "The new customer has no password: set one, or send a reset email, once saved."}),
        ("Profile", {"fields": PROFILE_FIELDS}),
        ("Access", {"fields": ["enabled"]}),
        ("Custom attributes", {"fields": ["custom"], "classes": ["collapse"]}),
    ]
    actions = ["enable", "disable", "unlock", "send_password_reset", "log_out_everywhere", "export_csv",
               "export_json", "erase"]
    #: The actions offered as buttons on a customer's page; GET ones only show or download.
    OBJECT_ACTIONS = {"enable", "disable", "unlock", "send_password_reset", "log_out_everywhere", "export_json",
                      "erase"}
    GET_ACTIONS = {"export_json", "erase"}

    # --- pages ---------------------------------------------------------------------------

    def get_inlines(self, request, obj):
        """The apps' inlines (addresses, payment instruments) first, the tokens last."""
        inlines = list(super().get_inlines(request, obj))
        return [inline for inline in inlines if inline is not CustomerTokenInline] + [CustomerTokenInline]

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets if obj else self.add_fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + ["site"] if obj else fields

    def get_search_results(self, request, queryset, search_term):
        """Every word must match (``John Smith``), or the whole term (``+1 555 0100``,
        ``van der Berg``); quotes keep words together as in Django's search."""
        words = [unescape_string_literal(word) if word[:1] in ('"', "'") and word[-1:] == word[:1] and len(word) > 1
                 else word for word in smart_split(search_term.strip())]
        words = [word for word in words if word]
        if not words:
            return queryset, False
        every_word = Q()
        for word in words:
            every_word &= customer_search(word)
        if len(words) > 1:
            every_word |= customer_search(search_term.strip())
        return queryset.filter(every_word), False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/password/", view(self.set_password_view), name="customers_customer_password"),
            path("<path:object_id>/actions/<str:action>/", view(self.object_action_view),
                 name="customers_customer_action"),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("site")  # every page names the site

    def get_object(self, request, object_id, from_field=None):
        """Read once per request: the page's buttons and Django's form share it."""
        loaded = request.__dict__.setdefault("_customers_loaded", {})
        if (object_id, from_field) not in loaded:
            loaded[object_id, from_field] = super().get_object(request, object_id, from_field)
        return loaded[object_id, from_field]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        customer = self.get_object(request, unquote(object_id))
        extra_context = {**(extra_context or {}),
                         "customer_tools": self.customer_tools(request, customer) if customer else []}
        return super().change_view(request, object_id, form_url, extra_context)

    def customer_tools(self, request, customer):
        """The buttons of the customer's page, as far as the user may use them."""
        allowed = self.get_actions(request)
        tools = []

        def add(name, label):
            if name in allowed:
                url = reverse("admin:customers_customer_action", args=[customer.pk, name])
                tools.append({"url": url, "label": label, "post": name not in self.GET_ACTIONS, "name": name})

        if not customer.is_guest and self.has_change_permission(request, customer):
            tools.append({"url": reverse("admin:customers_customer_password", args=[customer.pk]),
                          "label": "Set password", "post": False, "name": "set_password"})
        if customer.is_locked or customer.failed_login_count:
            add("unlock", "Unlock")
        if customer.enabled:
            add("disable", "Disable")
        else:
            add("enable", "Enable")
        if not customer.is_guest and customer.enabled and customer.email:
            add("send_password_reset", "Send password reset email")
        add("log_out_everywhere", "Log out everywhere")
        add("export_json", "Download data (JSON)")
        add("erase", "Erase (GDPR)…")
        return tools

    def object_action_view(self, request, object_id, action):
        """One action of the list, for this customer only (the buttons of its page)."""
        customer = self.get_object(request, unquote(object_id))
        if customer is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        actions = self.get_actions(request)
        if action not in self.OBJECT_ACTIONS or action not in actions:
            raise PermissionDenied
        if request.method != "POST" and action not in self.GET_ACTIONS:
            return HttpResponseNotAllowed(["POST"])
        function = actions[action][0]
        response = function(self, request, Customer.objects.filter(pk=customer.pk))
        return response or HttpResponseRedirect(reverse("admin:customers_customer_change", args=[customer.pk]))

    @method_decorator(sensitive_post_parameters("password1", "password2"))
    def set_password_view(self, request, object_id):
        customer = self.get_object(request, unquote(object_id))
        if customer is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, customer):
            raise PermissionDenied
        change_url = reverse("admin:customers_customer_change", args=[customer.pk])
        if customer.is_guest:
            self.message_user(request, "A guest customer has no login to set a password for.", messages.ERROR)
            return HttpResponseRedirect(change_url)
        form = SetPasswordForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                services.customer_set_password(customer=customer, password=form.cleaned_data["password1"])
            except faults.InvalidPasswordException as error:
                form.add_error("password1", error.message)
            else:
                self.log_change(request, customer, "Set the password (tokens, sessions and reset links ended).")
                self.message_user(request, f"The password of {customer} was set; every login of it was ended.")
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Set the password of {customer}",
            "opts": self.opts,
            "original": customer,
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/customers/customer/set_password.html", context)

    # --- columns and read-only fields ---------------------------------------------------------

    @admin.display(description="name", ordering="last_name")
    def name(self, customer):
        return ", ".join(part for part in (customer.last_name, customer.first_name) if part)

    @admin.display(description="last login", ordering="last_login_time", empty_value="never")
    def last_login(self, customer):
        if customer.last_login_time is None:
            return None
        moment = timezone.localtime(customer.last_login_time)  # date and time may wrap apart, not within
        return format_html('<span class="nowrap">{}</span> <span class="nowrap">{}</span>',
                           f"{moment:%Y-%m-%d}", f"{moment:%H:%M}")

    @admin.display(description="created", ordering="creation_date")
    def created(self, customer):
        return f"{timezone.localtime(customer.creation_date):%Y-%m-%d}"

    @admin.display(description="locked", ordering="locked_until", empty_value="")
    def locked(self, customer):
        """Until when a lockout lasts (a green tick would read as good news)."""
        if not customer.is_locked:
            return None
        until = timezone.localtime(customer.locked_until)
        return f"until {until:%H:%M}" if until.date() == timezone.localdate() else f"until {_short(until)}"

    @admin.display(boolean=True, description="locked")
    def is_locked(self, customer):
        return customer.is_locked

    @admin.display(description="password")
    def password_status(self, customer):
        """Never the hash: whether there is a password, and the form to set one."""
        if customer.is_guest:
            return "Guests have no password."
        state = "set" if is_password_usable(customer.password) else "not set (the customer cannot log in)"
        url = reverse("admin:customers_customer_password", args=[customer.pk])
        return format_html('{} — <a href="{}">set a new password</a>', state, url)

    @admin.display(description="orders")
    def orders_summary(self, customer):
        orders = list(customer.orders.select_related("site").order_by("-creation_date", "-order_no")
                      [:SHOWN_RELATED + 1])
        return self._related(
            orders, "admin:orders_order", customer, "orders",
            ["order no", "placed", "status", "site", "total"],
            lambda order: (order.order_no, _short(order.creation_date), order.status,
                           order.site.site_id, f"{order.order_total} {order.currency}"),
        )

    @admin.display(description="baskets")
    def baskets_summary(self, customer):
        baskets = list(customer.baskets.select_related("site").order_by("-creation_date", "-id")[:SHOWN_RELATED + 1])
        return self._related(
            baskets, "admin:orders_basket", customer, "baskets",
            ["basket", "created", "site", "total"],
            lambda basket: (basket.basket_id, _short(basket.creation_date),
                            basket.site.site_id, f"{basket.order_total} {basket.currency}"),
        )

    def _related(self, objects, url_prefix, customer, what, headers, row):
        """The latest few, each linked, and a link to all of them (the list filtered)."""
        if not objects:
            return f"No {what}."
        rows = [(_link(reverse(f"{url_prefix}_change", args=[obj.pk]), row(obj)[0]), *row(obj)[1:])
                for obj in objects[:SHOWN_RELATED]]
        all_url = reverse(f"{url_prefix}_changelist") + f"?customer__id__exact={customer.pk}"
        more = "all of them" if len(objects) > SHOWN_RELATED else "in the list"
        return format_html("{}<p>{}</p>", _table(headers, rows), _link(all_url, f"Show the {what} {more}"))

    @admin.display(description="latest writes")
    def agent_activity_summary(self, customer):
        entries = list(customer.agent_activity.all()[:SHOWN_ACTIVITY + 1])
        if not entries:
            return "No agent has changed anything through an on-behalf token."
        rows = [(_short(entry.created), entry.agent_username, entry.method, entry.path,
                 entry.status) for entry in entries[:SHOWN_ACTIVITY]]
        all_url = reverse("admin:customers_agentactivity_changelist") + f"?customer__id__exact={customer.pk}"
        return format_html("{}<p>{}</p>", _table(["time", "agent", "method", "path", "status"], rows),
                           _link(all_url, "Show all agent activity of this customer"))

    # --- saving ----------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        """New customers are registered ones (with a number, no password until one is set);
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

    # --- actions (each recorded in the admin log) ---------------------------------------------------

    def _set_enabled(self, request, queryset, enabled):
        changed = [customer for customer in queryset.select_related("site") if customer.enabled != enabled]
        for customer in changed:
            services.customer_set_enabled(customer=customer, enabled=enabled)
        log_changes(request, changed, "Enabled." if enabled else "Disabled (tokens and reset links revoked).")
        self.message_user(request, f"{len(changed)} customer(s) {'enabled' if enabled else 'disabled'}.")

    @admin.action(description="Enable the selected customers", permissions=["change"])
    def enable(self, request, queryset):
        self._set_enabled(request, queryset, True)

    @admin.action(description="Disable the selected customers (revokes their tokens)", permissions=["change"])
    def disable(self, request, queryset):
        self._set_enabled(request, queryset, False)

    @admin.action(description="Unlock (clear failed logins)", permissions=["change"])
    def unlock(self, request, queryset):
        customers = list(queryset.select_related("site"))
        for customer in customers:
            services.customer_unlock(customer=customer)
        log_changes(request, customers, "Unlocked (failed logins cleared).")
        self.message_user(request, f"{len(customers)} customer(s) unlocked.")

    @admin.action(description="Send a password reset email", permissions=["change"])
    def send_password_reset(self, request, queryset):
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
                self.message_user(request, f"No reset email for {customer}: "
                                           f"{error.arguments.get('statusMessage') or error.message}", messages.ERROR)
                continue
            sent.append(customer)
        log_changes(request, sent, "Queued a password reset email.")
        note = f"; {skipped} skipped (guest, disabled or without email)" if skipped else ""
        self.message_user(request, f"Password reset email queued for {len(sent)} customer(s){note}.",
                          messages.SUCCESS if sent else messages.WARNING)

    @admin.action(description="Log out everywhere (revoke all tokens)", permissions=["change"])
    def log_out_everywhere(self, request, queryset):
        customers = list(queryset.select_related("site"))
        revoked = sum(services.customer_log_out_everywhere(customer=customer) for customer in customers)
        log_changes(request, customers, "Logged out everywhere (all tokens revoked, storefront sessions ended).")
        self.message_user(request, f"{revoked} token(s) of {len(customers)} customer(s) revoked.")

    def has_export_permission(self, request):
        """Exports hand out personal data in bulk: a permission of its own, not the agents'."""
        return request.user.has_perm("customers.export_customer")

    @admin.action(description="Export the selected customers as CSV", permissions=["export"])
    def export_csv(self, request, queryset):
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
    def export_json(self, request, queryset):
        customers = list(queryset[:2])
        if len(customers) != 1:
            self.message_user(request, "Select exactly one customer to download their data.", messages.ERROR)
            return None
        customer = customers[0]
        data = services.customer_export(customer=customer)
        self.log_change(request, customer, "Downloaded the personal data (JSON).")
        response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder),
                                content_type="application/json; charset=utf-8")
        name = customer.customer_no or customer.customer_id
        response["Content-Disposition"] = f'attachment; filename="customer-{name}.json"'
        return response

    @admin.action(description="Erase the selected customers' personal data (GDPR)…", permissions=["delete"])
    def erase(self, request, queryset):
        """A confirmation page first (as Django's delete); ``post=yes`` erases."""
        customers = list(queryset.select_related("site"))
        if request.POST.get("post") != "yes":
            return self.erase_confirmation(request, customers)
        content_type = ContentType.objects.get_for_model(Customer)
        for customer in customers:
            erased = services.customer_erase(customer=customer)
            # Earlier log entries named the customer: they now show the placeholder too.
            LogEntry.objects.filter(content_type=content_type, object_id=str(customer.pk)).update(
                object_repr=str(erased)[:200]
            )
            self.log_change(request, erased, "Erased the personal data (GDPR): profile anonymised, addresses, "
                                             "payment instruments and baskets deleted, orders detached.")
        self.message_user(request, f"The personal data of {len(customers)} customer(s) was erased.")
        return None

    def erase_confirmation(self, request, customers):
        pks = [customer.pk for customer in customers]
        counts = {  # what each customer has: one grouped count per kind, however many are selected
            name: dict(related.filter(customer__in=pks).order_by().values_list("customer").annotate(n=Count("pk")))
            for name, related in (
                ("addresses", CustomerAddress.objects), ("instruments", CustomerPaymentInstrument.objects),
                ("baskets", Basket.objects), ("orders", Order.objects), ("tokens", CustomerToken.objects.active()),
            )
        }
        rows = [
            {"customer": customer, **{name: counted.get(customer.pk, 0) for name, counted in counts.items()}}
            for customer in customers
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Erase personal data?",
            "opts": self.opts,
            "rows": rows,
            "customers": customers,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "cancel_url": (reverse("admin:customers_customer_change", args=[customers[0].pk]) if len(customers) == 1
                           else reverse("admin:customers_customer_changelist")),
        }
        return TemplateResponse(request, "admin/customers/customer/erase_confirmation.html", context)


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
        return _link(reverse("admin:customers_customer_change", args=[entry.customer_id]), entry.customer)


@admin.register(UncountedLoginFailures)
class UncountedLoginFailuresAdmin(ReadOnlyAdmin):
    """Failed logins on names no customer has (or on disabled and locked customers), per
    site: a sudden rise is someone guessing logins. Read-only."""

    list_display = ["site", "attempts", "last_attempt"]
    fields = readonly_fields = list_display
