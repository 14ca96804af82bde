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


def test_purge_expired_tokens_keeps_live_ones(customer, jwt_for, oauth_token):
    jwt_for(customer)
    password_reset_token_create(customer=customer)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):
        live = jwt_for(customer)
        out = io.StringIO()
        call_command("purge_expired_tokens", stdout=out)
    assert out.getvalue().strip() == "1 customer tokens, 1 OAuth tokens, 1 password reset tokens deleted"
    assert CustomerToken.objects.count() == 1 and live
    assert not OAuthToken.objects.exists() and not PasswordResetToken.objects.exists()
