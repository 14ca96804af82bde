"""Authentication of customer JWTs (simplejwt's class, with OCAPI's faults)."""
from django.db.models import F
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import ExpiredTokenError, TokenError
from rest_framework_simplejwt.utils import datetime_from_epoch

from customers.agents import may_act_for_customers
from customers.models import Customer, CustomerToken
from customers.tokens import CustomerAccessToken
from shopsite import faults
from shopsite.authentication import bearer_token, is_jwt
from shopsite.lookups import has_nul
from shopsite.prepared import PreparedQuery


def validate_customer_jwt(raw):
    """Decode and verify a JWT; 401 ExpiredTokenException / InvalidAccessTokenException."""
    try:
        return CustomerAccessToken(raw.encode() if isinstance(raw, str) else raw)
    except ExpiredTokenError:
        raise faults.ExpiredTokenException() from None
    except TokenError:
        raise faults.InvalidAccessTokenException("The access token is invalid.") from None


# Every authenticated request runs this read: prepared once (see shopsite.prepared).
_CUSTOMER_BY_LIVE_JTI = PreparedQuery(
    lambda jti: Customer.objects.order_by().filter(tokens__jti=jti, tokens__revoked_at__isnull=True).annotate(
        token_pk=F("tokens__pk"), token_client_id=F("tokens__client_id"), token_kind=F("tokens__kind"),
        token_agent_id=F("tokens__agent_id"),
    ),
    "\x1fjti-placeholder",
)


def _live_token(token):
    """The unrevoked CustomerToken of a verified JWT, with its customer, in one query."""
    jti = token.get("jti")
    found = _CUSTOMER_BY_LIVE_JTI(jti) if isinstance(jti, str) and not has_nul(jti) else []
    if not found:
        return None
    customer = found[0]
    record = CustomerToken(
        pk=customer.token_pk, jti=jti, customer=customer, client_id=customer.token_client_id,
        kind=customer.token_kind, agent_id=customer.token_agent_id,
        issued_at=datetime_from_epoch(token["iat"]), expires_at=datetime_from_epoch(token["exp"]),
    )
    record._state.adding, record._state.db = False, customer._state.db
    return record


def active_token_record(token):
    """The issued-token row of a verified JWT with its customer (one query); 401 if revoked."""
    record = _live_token(token)
    sub = token.subject
    if (
        record is None
        or record.customer.customer_id != sub.get("customer_id")
        or not record.customer.enabled
        or record.client_id != token.get("iss")
    ):
        raise faults.InvalidAccessTokenException("The access token is invalid or has been revoked.")
    if record.kind == CustomerToken.ON_BEHALF and not may_act_for_customers(record.agent):
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


class RefreshAuthentication(CustomerJWTAuthentication):
    """``POST /customers/auth`` authenticates its bearer for ``type: refresh`` only: the other
    types log in by their own credentials, whatever stale token a storefront still sends."""

    def authenticate(self, request):
        try:
            document = request.data
        except Exception:  # noqa: BLE001  (a malformed body: the operation refuses it, after the permissions)
            return None
        if not isinstance(document, dict) or document.get("type") != "refresh":
            return None
        raw = bearer_token(request)
        if raw is None:
            return None  # RefreshNeedsCustomerJWT answers
        record = active_token_record(validate_customer_jwt(raw))
        return record.customer, record
