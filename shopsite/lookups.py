"""Strings from requests, checked before any database looks them up, and the key by
which names (logins, emails) are compared."""
import unicodedata

NUL = "\x00"


def lookup_key(text: str) -> str:
    """The case- and form-insensitive key of a login or email (NFKC, then casefold)."""
    return unicodedata.normalize("NFKC", text).casefold()


def has_nul(value: str) -> bool:
    """Whether ``value`` holds a NUL. PostgreSQL refuses a NUL in any query (a 500 where
    SQLite would find nothing), and no stored value holds one: a lookup by such a string
    finds nothing, so it is answered without asking the database."""
    return NUL in value
