"""Default receivers of the customer extension points.

The password-reset receivers email the storefront link: after commit (a failed request
sends nothing), and by default from a background thread, so that neither the mail
server's speed nor its failures show in the response (they would tell whether an
account exists). A failed delivery is logged. To replace the email, disconnect them:
``customers_password_reset_after_post.disconnect(dispatch_uid="shopsite.reset_email.by_identification")``.
"""
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone

from customers.models import CustomerToken
from customers.signals import customer_password_reset_after_post, customers_password_reset_after_post
from shopsite.models import ApiClient

logger = logging.getLogger(__name__)


def reset_link(customer, reset_token):
    kwargs = {"token": reset_token}
    if customer.site.site_id != settings.SHOPSITE_DEFAULT_SITE:
        path = reverse("site-storefront-password-reset", kwargs={**kwargs, "site_id": customer.site.site_id})
    else:
        path = reverse("storefront-password-reset", kwargs=kwargs)
    return settings.SHOPSITE_STOREFRONT_URL.rstrip("/") + path


def email_reset_link(sender, customer, reset_token, **kwargs):
    if not customer.email:
        return None
    body = render_to_string(  # a plain-text template: no HTML escaping of names
        "storefront/password_reset_email.txt",
        {"customer": customer, "site": customer.site, "link": reset_link(customer, reset_token),
         "minutes": settings.SHOPSITE_RESET_TOKEN_MINUTES},
    )
    transaction.on_commit(lambda: deliver("Password reset", body, customer.email, customer.customer_id))
    return None  # let receivers connected after this one run too


_outbox = ThreadPoolExecutor(max_workers=2, thread_name_prefix="shopsite-mail")
#: Emails waiting for a mail thread, at most: a slow mail server cannot grow the queue without end.
MAX_WAITING_EMAILS = 200
_waiting = threading.BoundedSemaphore(MAX_WAITING_EMAILS)


def deliver(subject, body, to, customer_id):
    """Send now (``SHOPSITE_EMAIL_IN_BACKGROUND`` off) or from this process's mail threads;
    returns the Future of a background send (None when sent now, or dropped because too
    many wait: logged)."""
    if not settings.SHOPSITE_EMAIL_IN_BACKGROUND:
        _send(subject, body, to, customer_id)
        return None
    if not _waiting.acquire(blocking=False):
        logger.error("Too many emails wait for the mail server: the reset email to customer %s is dropped.",
                     customer_id)
        return None
    future = _outbox.submit(_send, subject, body, to, customer_id)
    future.add_done_callback(lambda _future: _waiting.release())
    return future


def _send(subject, body, to, customer_id):
    try:
        send_mail(subject, body, None, [to])
    except Exception:  # noqa: BLE001  (any failure: logged, never the caller's answer)
        logger.exception("The password reset email to customer %s could not be sent.", customer_id)


customers_password_reset_after_post.connect(
    email_reset_link, dispatch_uid="shopsite.reset_email.by_identification"
)
customer_password_reset_after_post.connect(email_reset_link, dispatch_uid="shopsite.reset_email.by_id")


def revoke_tokens_of_disabled_client(sender, instance, **kwargs):
    """Customer JWTs name their client: a disabled or deleted client's tokens stop at once."""
    if kwargs.get("signal") is post_delete or not instance.enabled:
        CustomerToken.objects.filter(client_id=instance.client_id, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )


post_save.connect(revoke_tokens_of_disabled_client, sender=ApiClient, dispatch_uid="shopsite.client_disabled")
post_delete.connect(revoke_tokens_of_disabled_client, sender=ApiClient, dispatch_uid="shopsite.client_deleted")
