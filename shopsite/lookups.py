"""Strings from requests, checked before any database looks them up."""

NUL = "\x00"


def has_nul(value: str) -> bool:
    """Whether ``value`` holds a NUL. PostgreSQL refuses a NUL in any query (a 500 where
    SQLite would find nothing), and no stored value holds one: a lookup by such a string
    finds nothing, so it is answered without asking the database."""
    return NUL in value
