"""The RS256 key pair of customer JWTs.

Production passes PEM text or a file path in SHOPSITE_JWT_PRIVATE_KEY/_PUBLIC_KEY.
Development uses one key pair generated once into VAR_DIR (git-ignored), so every
worker and server on the machine signs and verifies with the same keys.
"""
import base64
import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from jwt.algorithms import RSAAlgorithm


def _pem(value):
    value = value.strip()
    if value.startswith("-----BEGIN"):
        return value.encode()
    return Path(value).read_bytes()


def _development_pair():
    private_path = Path(settings.VAR_DIR) / "jwt-dev-private.pem"
    if not private_path.exists():
        private_path.parent.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        # Write-then-link: concurrent first starts agree on whichever key landed first.
        temporary = private_path.with_name(f".{private_path.name}.{os.getpid()}")
        temporary.write_bytes(pem)
        os.chmod(temporary, 0o600)
        try:
            os.link(temporary, private_path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    private_pem = private_path.read_bytes()
    key = serialization.load_pem_private_key(private_pem, password=None)
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private_pem, public_pem


@lru_cache(maxsize=1)
def key_pair():
    """(private PEM, public PEM) as bytes."""
    if settings.SHOPSITE_JWT_PRIVATE_KEY and settings.SHOPSITE_JWT_PUBLIC_KEY:
        return _pem(settings.SHOPSITE_JWT_PRIVATE_KEY), _pem(settings.SHOPSITE_JWT_PUBLIC_KEY)
    return _development_pair()


@lru_cache(maxsize=1)
def key_id():
    """A stable id of the public key (RFC 7638 thumbprint), sent as the JWT ``kid``."""
    jwk = json.loads(public_jwk_json())
    canonical = json.dumps({k: jwk[k] for k in ("e", "kty", "n")}, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()


def public_jwk_json():
    public = serialization.load_pem_public_key(key_pair()[1])
    return RSAAlgorithm.to_jwk(public)


def jwks():
    """The JWKS document published at /.well-known/jwks.json."""
    jwk = json.loads(public_jwk_json())
    jwk.update({"kid": key_id(), "use": "sig", "alg": "RS256"})
    return {"keys": [jwk]}
