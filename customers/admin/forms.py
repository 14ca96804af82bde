"""The customer admin's forms: the customer itself, and "set password"."""
from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import get_password_validators, password_validators_help_text_html

from customers.models import Customer, lookup_key
from customers.request_documents import validate_login
from shopsite import faults


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

