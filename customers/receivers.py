"""Default receivers of the customer extension points.

The password-reset receivers email the storefront link (after commit, so a failed
request sends nothing). To replace the email, disconnect them:
``customers_password_reset_after_post.disconnect(dispatch_uid="shopsite.reset_email.by_identification")``.
"""
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
    transaction.on_commit(lambda: send_mail("Password reset", body, None, [customer.email]))
    return None  # let receivers connected after this one run too


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
