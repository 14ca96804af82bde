import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from customers.models import CustomerToken, PasswordResetToken
from customers.services import password_reset_token_create
from shopsite.models import OAuthToken

pytestmark = pytest.mark.django_db


def test_purge_expired_tokens_keeps_live_ones(customer, jwt_for, oauth_token, settings):
    """Reset tokens outlive their expiry by the email retry window: an email still being
    retried revives its link when it leaves (customers.tasks)."""
    settings.SHOPSITE_EMAIL_RETRY_MINUTES = 60
    jwt_for(customer)
    password_reset_token_create(customer=customer)
    outputs = []
    for minutes in (31, 31 + 60):
        with time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes)):
            live = jwt_for(customer)
            out = io.StringIO()
            call_command("purge_expired_tokens", stdout=out)
            outputs.append(out.getvalue().strip())
    assert outputs == ["1 customer tokens, 0 password reset tokens, 0 guests, 1 OAuth tokens deleted",
                       "1 customer tokens, 1 password reset tokens, 0 guests, 0 OAuth tokens deleted"]
    assert CustomerToken.objects.count() == 1 and live
    assert not OAuthToken.objects.exists() and not PasswordResetToken.objects.exists()


def test_purge_removes_old_guests_only(site, jwt_for):
    from customers.models import Customer
    from customers.services import customers_purge_expired, guest_create

    old = guest_create(site=site)
    Customer.objects.filter(pk=old.pk).update(creation_date=timezone.now() - datetime.timedelta(days=31))
    old_but_active = guest_create(site=site)
    Customer.objects.filter(pk=old_but_active.pk).update(creation_date=timezone.now() - datetime.timedelta(days=31))
    jwt_for(old_but_active, kind="guest")
    recent = guest_create(site=site)
    assert customers_purge_expired()["guests"] == 1
    assert set(Customer.objects.values_list("pk", flat=True)) == {old_but_active.pk, recent.pk}
