"""*Shop API › OCAPI settings*: a JSON editor per context, a preview, the history.

Every save and removal goes through ``shopsite.ocapi_settings.services`` (the command's and the
shell's way too): the whole document is validated, errors name their JSON path or line and
column, and the message after a save says what changed for which client. *Preview* shows
that before saving. The history (*OCAPI settings versions*) is read-only. Staff need the
model's permissions (agents have none of them).
"""
import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from shopsite.models import OcapiSettings, OcapiSettingsVersion, Site
from shopsite.ocapi_settings.document import validate_ocapi_settings
from shopsite.ocapi_settings.services import (
    InvalidOcapiSettings,
    ocapi_settings_preview,
    ocapi_settings_remove,
    ocapi_settings_save,
)

MAX_ERRORS_SHOWN = 50
NEW_DOCUMENT = json.dumps({"_v": "19.5", "clients": []}, indent=2) + "\n"
EDITOR = forms.Textarea(attrs={"rows": 32, "spellcheck": "false", "class": "ocapi-settings-editor",
                               "style": "font-family: monospace; width: 100%; box-sizing: border-box;"})


def error_messages(errors):
    shown = [str(error) for error in errors[:MAX_ERRORS_SHOWN]]
    if len(errors) > MAX_ERRORS_SHOWN:
        shown.append(f"... and {len(errors) - MAX_ERRORS_SHOWN} more.")
    return shown


def normalised_text(text):
    """The editor's text with the line breaks a browser posts (CR LF) as ``\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class OcapiSettingsForm(forms.ModelForm):
    """The context (on the add page) and the document; the whole document is validated.

    The text is taken as typed (no whitespace stripped: the line numbers of errors are the
    editor's), its line breaks as ``\n`` (browsers post CR LF)."""

    text = forms.CharField(strip=False, widget=EDITOR, label="Document")

    class Meta:
        model = OcapiSettings
        fields = ["site", "text"]
        labels = {"site": "Context"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "site" in self.fields:
            self.fields["site"].empty_label = "Global (every site)"
            self.fields["site"].help_text = "Global, or a site: the site's document replaces the global one " \
                                            "for the clients it lists."
        if not self.instance.pk:
            self.fields["text"].initial = NEW_DOCUMENT

    def clean_text(self):
        text = normalised_text(self.cleaned_data["text"])
        validation = validate_ocapi_settings(text)
        if not validation.valid:
            raise forms.ValidationError(error_messages(validation.errors))
        stored = self.instance.text if self.instance.pk else None
        if stored is not None and normalised_text(stored) == text:
            return stored  # the document as shown: saving it again changes nothing, creates no version
        return text

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and "site" in cleaned:
            site = cleaned["site"]
            exists = OcapiSettings.objects.filter(site=site) if site else OcapiSettings.objects.filter(
                site__isnull=True)
            if exists.exists():
                self.add_error("site", "This context has a document already: edit that one.")
        return cleaned

    def validate_constraints(self, exclude=None):
        pass  # one document per context: clean() says so in words, the database enforces it


def _change_html(change):
    return format_html_join("", "{}<br>", ((line,) for line in change.lines()))


@admin.register(OcapiSettings)
class OcapiSettingsAdmin(admin.ModelAdmin):
    form = OcapiSettingsForm
    list_display = ["context", "version", "clients", "changed_at", "changed_by"]
    list_select_related = ["site"]
    change_form_template = "admin/shopsite/ocapisettings/change_form.html"
    readonly_fields = ["version", "changed_at", "changed_by", "history"]

    @admin.display(description="context", ordering="site__site_id")
    def context(self, document):
        return str(document)

    @admin.display(description="clients")
    def clients(self, document):
        validation = validate_ocapi_settings(document.text)
        return len(validation.document.clients) if validation.valid else "invalid"

    @admin.display(description="history")
    def history(self, document):
        if not document.pk:
            return "-"
        query = f"site__id__exact={document.site_id}" if document.site_id else "site__isnull=True"
        url = reverse("admin:shopsite_ocapisettingsversion_changelist") + "?" + query
        return format_html('<a href="{}">Every version of this context</a>', url)

    def get_fields(self, request, obj=None):
        return ["text", "version", "changed_at", "changed_by", "history"] if obj else ["site", "text"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_urls(self):
        view = self.admin_site.admin_view
        return [path("preview/", view(self.preview_view), name="shopsite_ocapisettings_preview"),
                *super().get_urls()]

    def save_model(self, request, obj, form, change):
        """Through the service: validated, stored as given, the version kept in the history."""
        result = ocapi_settings_save(site=obj.site, text=form.cleaned_data["text"], by=request.user.get_username())
        stored = result.document
        obj.pk, obj.version, obj.changed_at, obj.changed_by = stored.pk, stored.version, stored.changed_at, \
            stored.changed_by
        obj._state.adding = False
        messages.info(request, _change_html(result))

    def delete_model(self, request, obj):
        messages.info(request, _change_html(ocapi_settings_remove(site=obj.site, by=request.user.get_username())))

    def delete_queryset(self, request, queryset):
        for document in queryset.select_related("site"):
            self.delete_model(request, document)

    def preview_view(self, request):
        """What saving the posted document would change (the editor's *Preview* button)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        document = None
        if request.POST.get("object_id"):
            document = OcapiSettings.objects.select_related("site").filter(pk=request.POST["object_id"]).first() \
                if request.POST["object_id"].isdigit() else None
            if document is None or not self.has_change_permission(request, document):
                raise PermissionDenied
            site = document.site
        else:
            if not self.has_add_permission(request):
                raise PermissionDenied
            site_pk = request.POST.get("site", "")
            site = Site.objects.filter(pk=site_pk).first() if site_pk.isdigit() else None
        text = normalised_text(request.POST.get("text", ""))
        if document is not None and normalised_text(document.text) == text:
            text = document.text
        errors, change = [], None
        try:
            change = ocapi_settings_preview(site=site, text=text)
        except InvalidOcapiSettings as invalid:
            errors = error_messages(invalid.errors)
        save_url = reverse("admin:shopsite_ocapisettings_change", args=[document.pk]) if document else \
            reverse("admin:shopsite_ocapisettings_add")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts, "title": f"Preview: OCAPI settings, {site.site_id if site else 'global'}",
            "document": document, "site": site, "text": text, "errors": errors,
            "lines": change.lines() if change else [], "save_url": save_url,
        }
        return TemplateResponse(request, "admin/shopsite/ocapisettings/preview.html", context)


@admin.register(OcapiSettingsVersion)
class OcapiSettingsVersionAdmin(admin.ModelAdmin):
    """Every saved version and removal of every context: shown, never changed."""

    list_display = ["__str__", "number", "removed", "saved_at", "saved_by"]
    list_filter = ["site", "removed"]
    list_select_related = ["site"]
    fields = ["site", "number", "removed", "saved_at", "saved_by", "summary_lines", "document"]
    readonly_fields = fields

    @admin.display(description="what changed")
    def summary_lines(self, version):
        return format_html_join("", "{}<br>", ((line,) for line in version.summary.splitlines()))

    @admin.display(description="document")
    def document(self, version):
        if version.removed:
            return "(removed)"
        return format_html('<pre style="white-space: pre-wrap; font-family: monospace;">{}</pre>', version.text)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
