"""The customer admin: the list, the search, the customer's page and its buttons.

The other apps' inlines and summaries join the page through ``customers.admin.registry``,
read when a page is built; the actions and exports live in their own modules.
"""
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.hashers import is_password_usable
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.debug import sensitive_post_parameters

from customers import services
from customers.admin.actions import disable, enable, erase, log_out_everywhere, send_password_reset, unlock
from customers.admin.display import html_table, link, short_time
from customers.admin.exports import export_csv, export_json
from customers.admin.filters import LockedFilter, SharedEmailFilter
from customers.admin.forms import CustomerForm, SetPasswordForm
from customers.admin.registry import CUSTOMER_ADMIN_INLINES, CUSTOMER_ADMIN_SUMMARIES
from customers.models import Customer, CustomerToken
from customers.selectors import customer_search
from shopsite import faults

SHOWN_ACTIVITY = 10
#: How the admin lays out the profile (WRITABLE_PROFILE_FIELDS, every one of them: a test checks).
PROFILE_LAYOUT = [
    ("salutation", "title"), ("first_name", "second_name", "last_name", "suffix"), ("gender", "birthday"),
    "email", ("phone_home", "phone_business", "phone_mobile", "fax"), ("company_name", "job_title"),
    "preferred_locale",
]


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


def summary_fieldsets():
    """The registered summaries as fieldsets: one per section, in the order first registered."""
    sections = {}
    for summary in CUSTOMER_ADMIN_SUMMARIES:
        sections.setdefault(summary.section, []).append(summary.render)
    return [(section, {"fields": renders}) for section, renders in sections.items()]


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
    inlines = [CustomerTokenInline]  # after the registered ones (get_inlines)
    readonly_fields = ["customer_id", "customer_no", "auth_type", "password_status", "is_locked", "creation_date",
                       "last_modified", "last_login_time", "previous_login_time", "last_visit_time",
                       "previous_visit_time", "failed_login_count", "locked_until", "agent_activity_summary"]
    #: The change page; the registered summaries' fieldsets go after SUMMARIES_AFTER (get_fieldsets).
    fieldsets = [
        (None, {"fields": [("customer_no", "customer_id"), ("site", "auth_type"), "login", "password_status"]}),
        ("Profile", {"fields": PROFILE_LAYOUT}),
        ("Access", {"fields": ["enabled", ("is_locked", "failed_login_count", "locked_until")]}),
        ("Dates", {"fields": [("creation_date", "last_modified"), ("last_login_time", "previous_login_time"),
                              ("last_visit_time", "previous_visit_time")]}),
        ("Agent activity (writes through on-behalf tokens)", {"fields": ["agent_activity_summary"]}),
        ("Custom attributes", {"fields": ["custom"], "classes": ["collapse"]}),
    ]
    SUMMARIES_AFTER = "Dates"
    add_fieldsets = [
        (None, {"fields": ["site", "login"],
                "description": "The new customer has no password: set one, or send a reset email, once saved."}),
        ("Profile", {"fields": PROFILE_LAYOUT}),
        ("Access", {"fields": ["enabled"]}),
        ("Custom attributes", {"fields": ["custom"], "classes": ["collapse"]}),
    ]
    actions = [enable, disable, unlock, send_password_reset, log_out_everywhere, export_csv, export_json, erase]
    #: The actions offered as buttons on a customer's page; GET ones only show or download.
    OBJECT_ACTIONS = {"enable", "disable", "unlock", "send_password_reset", "log_out_everywhere", "export_json",
                      "erase"}
    GET_ACTIONS = {"export_json", "erase"}

    def has_export_permission(self, request):
        """Exports hand out personal data in bulk: a permission of its own, not the agents'."""
        return request.user.has_perm("customers.export_customer")

    # --- pages ---------------------------------------------------------------------------

    def get_inlines(self, request, obj):
        """The registered inlines (addresses, payment instruments) first, the tokens last."""
        return [*CUSTOMER_ADMIN_INLINES, *super().get_inlines(request, obj)]

    def get_fieldsets(self, request, obj=None):
        if not obj:
            return self.add_fieldsets
        titles = [title for title, _options in self.fieldsets]
        at = titles.index(self.SUMMARIES_AFTER) + 1
        return [*self.fieldsets[:at], *summary_fieldsets(), *self.fieldsets[at:]]

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj),
                  *(summary.render for summary in CUSTOMER_ADMIN_SUMMARIES)]
        return fields + ["site"] if obj else fields

    def get_search_results(self, request, queryset, search_term):
        return customer_search(queryset=queryset, search_term=search_term), False

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
        return f"until {until:%H:%M}" if until.date() == timezone.localdate() else f"until {short_time(until)}"

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

    @admin.display(description="latest writes")
    def agent_activity_summary(self, customer):
        entries = list(customer.agent_activity.all()[:SHOWN_ACTIVITY + 1])
        if not entries:
            return "No agent has changed anything through an on-behalf token."
        rows = [(short_time(entry.created), entry.agent_username, entry.method, entry.path,
                 entry.status) for entry in entries[:SHOWN_ACTIVITY]]
        all_url = reverse("admin:customers_agentactivity_changelist") + f"?customer__id__exact={customer.pk}"
        return format_html("{}<p>{}</p>", html_table(["time", "agent", "method", "path", "status"], rows),
                           link(all_url, "Show all agent activity of this customer"))

    # --- saving ----------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        """New customers are registered ones (with a number, no password until one is set);
        disabling goes through the service, which revokes tokens and reset links."""
        with transaction.atomic():
            if not change:  # the one way a registered customer comes to exist
                given = ("site", "login", "email")
                fields = {name: getattr(obj, name) for name in form.cleaned_data if name not in given}
                created = services.customer_create(site=obj.site, login=obj.login, email=obj.email, **fields)
                obj.pk = created.pk
                obj.refresh_from_db()  # the admin goes on with obj: inlines, log entry, redirect
                return
            super().save_model(request, obj, form, change)
            if "enabled" in form.changed_data:
                services.customer_set_enabled(customer=obj, enabled=obj.enabled)
