"""Argon2id with parameters set on purpose (see settings.PASSWORD_HASHERS)."""
from django.contrib.auth.hashers import Argon2PasswordHasher


class ShopsiteArgon2PasswordHasher(Argon2PasswordHasher):
    """OWASP's floor for Argon2id: 19 MiB, 2 passes, 1 lane (~40 ms here)."""

    algorithm = "argon2"
    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1
