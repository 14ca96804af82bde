"""Every protected operation refuses bad tokens; revocation holds across server processes."""
import base64
import datetime
import json
import os
import subprocess
import sys

import jwt
import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from customers.models import Customer
from customers.services import customer_set_enabled
from shopsite.testing import api_url, database_url, fault_of

pytestmark = pytest.mark.django_db


def url(customer):
    return api_url("customers", customer.customer_id)


def _b64(data):
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_tampered_payload_is_refused(api, customer, make_customer, jwt_for):
    other = make_customer("other")
    header, payload, signature = jwt_for(customer).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["sub"] = json.dumps({"customer_id": other.customer_id, "guest": False})
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {header}.{_b64(claims)}.{signature}")
    assert fault_of(api.get(url(other)), 401)["type"] == "InvalidAccessTokenException"


def test_alg_none_is_refused(api, customer, jwt_for):
    _header, payload, _signature = jwt_for(customer).split(".")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {_b64({'alg': 'none', 'typ': 'JWT'})}.{payload}.")
    assert fault_of(api.get(url(customer)), 401)["type"] == "InvalidAccessTokenException"


def test_token_signed_with_another_key_is_refused(api, customer, jwt_for):
    from cryptography.hazmat.primitives.asymmetric import rsa

    claims = jwt.decode(jwt_for(customer), options={"verify_signature": False})
    forged = jwt.encode(claims, rsa.generate_private_key(public_exponent=65537, key_size=2048), algorithm="RS256")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {forged}")
    assert fault_of(api.get(url(customer)), 401)["type"] == "InvalidAccessTokenException"


def test_hs256_with_the_public_key_is_refused(api, customer, jwt_for):
    from shopsite import keys

    claims = jwt.decode(jwt_for(customer), options={"verify_signature": False})
    header = _b64({"alg": "HS256", "typ": "JWT"})
    body = _b64(claims)
    import hashlib
    import hmac

    signature = base64.urlsafe_b64encode(
        hmac.new(keys.key_pair()[1], f"{header}.{body}".encode(), hashlib.sha256).digest()).rstrip(b"=").decode()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {header}.{body}.{signature}")
    assert fault_of(api.get(url(customer)), 401)["type"] == "InvalidAccessTokenException"


@pytest.mark.parametrize("raw", ["a.b.c", "....", "not base64.at.all", "Bearer"])
def test_malformed_tokens(api, customer, raw):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get(url(customer)).status_code == 401


def test_expired_token(api, customer, jwt_for):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(customer)}")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=30, seconds=1)):
        fault = fault_of(api.get(url(customer)), 401)
    assert fault == {"type": "ExpiredTokenException", "message": "The provided token has expired."}


def test_each_process_verifies_a_token_once(api, customer, jwt_for, monkeypatch):
    from rest_framework_simplejwt.backends import TokenBackend

    verified = []
    real_decode = TokenBackend.decode
    monkeypatch.setattr(TokenBackend, "decode", lambda self, *a, **k: verified.append(1) or real_decode(self, *a, **k))
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(customer)}")
    for _ in range(3):
        assert api.get(url(customer)).status_code == 200
    assert verified == [1]


def test_a_token_used_before_it_expires_is_expired_afterwards(api, customer, jwt_for):
    """Each process remembers verified payloads; expiry is still checked on every use."""
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(customer)}")
    assert api.get(url(customer)).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=30, seconds=1)):
        fault = fault_of(api.get(url(customer)), 401)
    assert fault == {"type": "ExpiredTokenException", "message": "The provided token has expired."}


def test_a_remembered_token_with_another_signature_is_refused(api, customer, jwt_for):
    token = jwt_for(customer)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get(url(customer)).status_code == 200
    header, body, signature = token.split(".")
    forged = signature[:-4] + ("AAAA" if signature[-4:] != "AAAA" else "BBBB")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {header}.{body}.{forged}")
    assert fault_of(api.get(url(customer)), 401)["type"] == "InvalidAccessTokenException"


def test_token_of_a_disabled_customer(api, customer, jwt_for):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(customer)}")
    customer_set_enabled(customer=customer, enabled=False)
    assert fault_of(api.get(url(customer)), 401)["type"] == "InvalidAccessTokenException"


def test_token_of_a_deleted_customer(api, customer, jwt_for):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(customer)}")
    Customer.objects.filter(pk=customer.pk).delete()
    assert api.get(url(customer)).status_code == 401


def test_token_naming_another_client(api, customer, jwt_for):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(customer)}")
    assert fault_of(api.get(url(customer) + "?client_id=other"), 401)["type"] == "InvalidAccessTokenException"
    assert api.get(url(customer), HTTP_X_DW_CLIENT_ID="aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").status_code == 200


SECOND_PROCESS = """
import sys
from django.test import Client
response = Client().get(sys.argv[1], HTTP_AUTHORIZATION="Bearer " + sys.argv[2])
print(response.status_code)
"""


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_revocation_is_seen_by_a_second_server_process(api, customer, jwt_for):
    token = jwt_for(customer)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    env = {**os.environ, "DATABASE_URL": database_url(), "DJANGO_DEBUG": "1",
           "DJANGO_SETTINGS_MODULE": "shopsite.settings"}

    def second_process_status():
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", SECOND_PROCESS.replace("sys.argv[1]", repr(url(customer)))
             .replace("sys.argv[2]", repr(token))],
            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return int(result.stdout.strip().splitlines()[-1])

    assert second_process_status() == 200
    assert api.delete(api_url("customers", "auth")).status_code == 204
    assert second_process_status() == 401


def _resigned(token, **changes):
    """The token's claims changed as given (None removes one), signed with the project's key."""
    from shopsite import keys

    claims = jwt.decode(token, options={"verify_signature": False})
    claims.update(changes)
    claims = {name: value for name, value in claims.items() if value is not None}
    private_pem, _public = keys.key_pair()
    return jwt.encode(claims, private_pem, algorithm="RS256", headers={"kid": keys.key_id()})


def test_tokens_of_the_earlier_shape_are_taken_until_they_expire(api, customer, jwt_for):
    earlier = _resigned(
        jwt_for(customer), _v=None, sub=json.dumps({"customer_id": customer.customer_id, "guest": False})
    )
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {earlier}")
    assert api.get(url(customer)).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):
        assert fault_of(api.get(url(customer)), 401)["type"] == "ExpiredTokenException"


@pytest.mark.parametrize("sub", [
    '{"_v":"1","customer_info":"someone"}',
    '{"_v":"1","customer_info":{"customer_id":"nobody","guest":false}}',
    "[]",
    "not json",
])
def test_a_subject_naming_no_customer_of_the_token_is_refused(api, customer, jwt_for, sub):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {_resigned(jwt_for(customer), sub=sub)}")
    assert fault_of(api.get(url(customer)), 401)["type"] == "InvalidAccessTokenException"
