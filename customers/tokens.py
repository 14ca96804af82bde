"""Customer JWTs on djangorestframework-simplejwt.

The claims of real OCAPI tokens, which storefront code decodes to learn who the shopper
is (``JSON.parse(payload.sub).customer_info.customer_id``): ``_v`` ``"1"``, ``iss`` the
client id, ``sub`` a JSON string ``{"_v":"1","customer_info":{"customer_id":...,"guest":...}}``,
``iat``, ``exp``, a unique ``jti``; we add ``site`` (tokens are valid on their site only)
and ``agent`` for on-behalf tokens. Signed RS256 with a ``kid`` header so verifiers can
pick the key from our JWKS. Tokens of the earlier shape (``sub`` =
``{"customer_id":...,"guest":...}``) are taken until they expire.
"""
import datetime
import json
from functools import lru_cache

import jwt
from django.conf import settings
from django.utils import timezone
from rest_framework_simplejwt.backends import TokenBackend
from rest_framework_simplejwt.exceptions import ExpiredTokenError, TokenError
from rest_framework_simplejwt.tokens import Token

from customers.models import CustomerToken
from shopsite import keys


class KeyedTokenBackend(TokenBackend):
    """simplejwt's backend, adding the ``kid`` header that our JWKS publishes."""

    def encode(self, payload):
        return jwt.encode(payload, self.prepared_signing_key, algorithm=self.algorithm, headers={"kid": keys.key_id()})

    def decode(self, token, verify=True):
        """A storefront sends the same token with every request: each process verifies a
        token's signature once and remembers its payload (the token itself checks expiry
        on every use, and revocation is looked up in the database every time)."""
        if not verify:
            return super().decode(token, verify=False)
        return dict(_verified_payload(self, token))


@lru_cache(maxsize=4096)
def _verified_payload(backend, token):
    """Only tokens that verify are remembered: a failure raises, and lru_cache keeps no exceptions."""
    return TokenBackend.decode(backend, token)


@lru_cache(maxsize=1)
def token_backend():
    private_pem, public_pem = keys.key_pair()
    return KeyedTokenBackend("RS256", signing_key=private_pem.decode(), verifying_key=public_pem.decode())


class CustomerAccessToken(Token):
    token_type = "access"
    lifetime = datetime.timedelta(minutes=30)

    def __init__(self, token=None, verify=True):
        # Read per token, not at import (simplejwt reads its own settings once).
        self.lifetime = datetime.timedelta(minutes=settings.SHOPSITE_JWT_MINUTES)
        super().__init__(token, verify)

    def get_token_backend(self):
        return token_backend()

    def verify_token_type(self):
        """OCAPI tokens carry no token-type claim."""

    def check_exp(self, claim="exp", current_time=None):
        """An expired token is ExpiredTokenError here too (its payload may be remembered)."""
        try:
            super().check_exp(claim, current_time)
        except ExpiredTokenError:
            raise
        except TokenError as error:
            if claim in self.payload:
                raise ExpiredTokenError(str(error)) from error
            raise

    @property
    def subject(self):
        """Who the token is for, ``{"customer_id": ..., "guest": ...}``, from either shape of ``sub``."""
        try:
            sub = json.loads(self.payload.get("sub", ""))
        except (TypeError, ValueError):
            return {}
        if not isinstance(sub, dict):
            return {}
        if "customer_info" in sub:
            return sub["customer_info"] if isinstance(sub["customer_info"], dict) else {}
        return sub  # issued before the OCAPI shape (see the module docstring)


TOKEN_SHAPE_VERSION = "1"


def subject_claim(customer) -> str:
    """The ``sub`` claim of real OCAPI tokens, compact as theirs."""
    info = {"customer_id": customer.customer_id, "guest": customer.is_guest}
    return json.dumps({"_v": TOKEN_SHAPE_VERSION, "customer_info": info}, separators=(",", ":"))


def issue_token(customer, client_id, kind, agent=None):
    """Sign a new JWT for ``customer`` and record its ``jti``; returns the encoded token."""
    token = CustomerAccessToken()
    token.payload = {"_v": TOKEN_SHAPE_VERSION, **{claim: token.payload[claim] for claim in ("exp", "iat", "jti")}}
    token["iss"] = client_id
    token["sub"] = subject_claim(customer)
    token["site"] = customer.site.site_id
    if agent is not None:
        token["agent"] = agent.get_username()
    CustomerToken.objects.create(
        jti=token["jti"],
        customer=customer,
        client_id=client_id,
        kind=kind,
        agent=agent,
        issued_at=token.current_time,
        expires_at=token.current_time + token.lifetime,
    )
    return str(token)


def revoke_tokens(customer, keep_jti=None):
    """Revoke every active token of ``customer`` except ``keep_jti``; returns how many."""
    tokens = CustomerToken.objects.filter(customer=customer, revoked_at__isnull=True)
    if keep_jti:
        tokens = tokens.exclude(jti=keep_jti)
    return tokens.update(revoked_at=timezone.now())
