"""Default receivers of the customer extension points.

The password-reset receivers queue the email of the storefront link (``customers.tasks``):
in the transaction of the reset (a failed request queues nothing), sent by the worker, so
that neither the mail server's speed nor its failures show in the response (they would
tell whether an account exists). To replace the email, disconnect them:
``customers_password_reset_after_post.disconnect(dispatch_uid="shopsite.reset_email.by_identification")``.
"""
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from customers.activity import record_on_behalf_write
from customers.models import CustomerToken
from customers.signals import customer_password_reset_after_post, customers_password_reset_after_post
from customers.tasks import enqueue_reset_email
from shopsite.models import ApiClient
from shopsite.signals import api_write_succeeded


def email_reset_link(sender, customer, reset_token, **kwargs):
    # Queued for a customer without an email too (the worker finds nothing to send): a
    # reset's answer must not tell whether the account has one.
    enqueue_reset_email(reset_token=reset_token)
    return None  # let receivers connected after this one run too


customers_password_reset_after_post.connect(
    email_reset_link, dispatch_uid="shopsite.reset_email.by_identification"
)
customer_password_reset_after_post.connect(email_reset_link, dispatch_uid="shopsite.reset_email.by_id")
api_write_succeeded.connect(record_on_behalf_write, dispatch_uid="shopsite.agent_activity")


def revoke_tokens_of_disabled_client(sender, instance, **kwargs):
    """Customer JWTs name their client: a disabled or deleted client's tokens stop at once."""
    if kwargs.get("signal") is post_delete or not instance.enabled:
        CustomerToken.objects.filter(client_id=instance.client_id, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )


post_save.connect(revoke_tokens_of_disabled_client, sender=ApiClient, dispatch_uid="shopsite.client_disabled")
post_delete.connect(revoke_tokens_of_disabled_client, sender=ApiClient, dispatch_uid="shopsite.client_deleted")
