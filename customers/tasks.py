"""Background work of the customers app: password-reset emails, sent by ``db_worker``.

The task holds the reset token sealed (``shopsite.sealing``) and finds its row by digest,
as the reset itself does: a token of no enabled customer (the decoy of a reset that
matched nobody, a link used or revoked meanwhile) sends nothing. A failed send is tried again
for ``SHOPSITE_EMAIL_RETRY_MINUTES``; the link stays valid for
``SHOPSITE_RESET_TOKEN_MINUTES`` from the moment its email leaves.
"""
import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from customers.models import PasswordResetToken
from shopsite.background import enqueue_with_transaction, retry_later
from shopsite.models import token_digest
from shopsite.sealing import seal, unseal

logger = logging.getLogger(__name__)


def enqueue_reset_email(*, reset_token: str) -> None:
    """Queue the email of ``reset_token``, in the current transaction."""
    enqueue_with_transaction(send_password_reset_email, sealed_token=seal(reset_token))


def reset_link(customer, reset_token: str) -> str:
    kwargs = {"token": reset_token}
    if customer.site.site_id != settings.SHOPSITE_DEFAULT_SITE:
        path = reverse("site-storefront-password-reset", kwargs={**kwargs, "site_id": customer.site.site_id})
    else:
        path = reverse("storefront-password-reset", kwargs=kwargs)
    return settings.SHOPSITE_STOREFRONT_URL.rstrip("/") + path


@task()
def send_password_reset_email(*, sealed_token: str, attempt: int = 1, first_attempt_at: str | None = None) -> str:
    reset_token = unseal(sealed_token)
    now = timezone.now()
    token = (
        PasswordResetToken.objects.select_related("customer__site")
        .filter(token_hash=token_digest(reset_token), used_at__isnull=True, customer__enabled=True)
        .first()
    )
    if token is None or not token.customer.email:
        return "nothing to send"
    customer = token.customer
    valid_until = now + datetime.timedelta(minutes=settings.SHOPSITE_RESET_TOKEN_MINUTES)
    PasswordResetToken.objects.filter(pk=token.pk, expires_at__lt=valid_until).update(expires_at=valid_until)
    body = render_to_string(  # a plain-text template: no HTML escaping of names
        "storefront/password_reset_email.txt",
        {"customer": customer, "site": customer.site, "link": reset_link(customer, reset_token),
         "minutes": settings.SHOPSITE_RESET_TOKEN_MINUTES},
    )
    try:
        send_mail("Password reset", body, None, [customer.email])
    except Exception as error:  # noqa: BLE001  (mail server down, refused, timed out: try again)
        retry_later(send_password_reset_email, kwargs={"sealed_token": sealed_token}, attempt=attempt,
                    first_attempt_at=first_attempt_at,
                    window=datetime.timedelta(minutes=settings.SHOPSITE_EMAIL_RETRY_MINUTES),
                    what=f"The password reset email to customer {customer.customer_id}", error=error)
        return "retry scheduled"
    logger.info("Password reset email sent to customer %s.", customer.customer_id)
    return "sent"
