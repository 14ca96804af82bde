"""Password hashing: Argon2id with parameters set on purpose, and the dummy check that
makes an unknown account cost what a known one costs."""
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, get_hasher, make_password


class ShopsiteArgon2PasswordHasher(Argon2PasswordHasher):
    """OWASP's floor for Argon2id: 19 MiB, 2 passes, 1 lane (~25-40 ms here)."""

    algorithm = "argon2"
    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1


_dummy_hash = None


def dummy_password_check(password):
    """Verify ``password`` against a fixed hash of the current hasher: one verification,
    exactly as for a real account (no extra hashing to build the dummy after the first)."""
    global _dummy_hash
    if _dummy_hash is None or _dummy_hash.partition("$")[0] != get_hasher().algorithm:
        _dummy_hash = make_password("shopsite-dummy-password")
    check_password(password, _dummy_hash)
    return False
