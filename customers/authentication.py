"""Authentication of customer JWTs (simplejwt's class, with OCAPI's faults)."""
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import ExpiredTokenError, TokenError

from customers.models import CustomerToken
from customers.tokens import CustomerAccessToken
from shopsite import faults
from shopsite.authentication import bearer_token, is_jwt


def validate_customer_jwt(raw, allow_expired=False):
    """Decode and verify a JWT; 401 ExpiredTokenException / InvalidAccessTokenException."""
    try:
        return CustomerAccessToken(raw.encode() if isinstance(raw, str) else raw)
    except ExpiredTokenError:
        raise faults.ExpiredTokenException()
    except TokenError:
        raise faults.InvalidAccessTokenException("The access token is invalid.")


def active_token_record(token):
    """The issued-token row of a verified JWT with its customer (one query); 401 if revoked."""
    record = (
        CustomerToken.objects.select_related("customer")  # the hot path: one narrow join
        .filter(jti=token.get("jti"), revoked_at__isnull=True)
        .first()
    )
    sub = token.subject
    if (
        record is None
        or record.customer.customer_id != sub.get("customer_id")
        or not record.customer.enabled
        or record.client_id != token.get("iss")
    ):
        raise faults.InvalidAccessTokenException("The access token is invalid or has been revoked.")
    if record.kind == CustomerToken.ON_BEHALF and (
        record.agent is None or not record.agent.is_active
        or not record.agent.has_perm("customers.create_order_on_behalf_of")
    ):
        raise faults.InvalidAccessTokenException("The agent of this token may no longer act for customers.")
    return record


class CustomerJWTAuthentication(JWTAuthentication):
    """``request.user`` is the Customer, ``request.auth`` the CustomerToken record."""

    www_authenticate_realm = "shopsite"

    def authenticate(self, request):
        raw = bearer_token(request)
        if raw is None or not is_jwt(raw):
            return None
        record = active_token_record(validate_customer_jwt(raw))
        return record.customer, record

    def authenticate_header(self, request):
        return f'Bearer realm="{self.www_authenticate_realm}"'
