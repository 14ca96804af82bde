"""Rules of stored text shared by the models (admin forms, ``full_clean``) and the API's
request documents (the services validate those with the same functions)."""
import unicodedata
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

#: The name properties of a customer's profile and of an address: printed on one line
#: (the reset email, the admin, documents), so they carry no line breaks.
NAME_FIELDS = ("title", "salutation", "first_name", "second_name", "last_name", "suffix", "company_name", "job_title")


def breaks_a_line(char: str) -> bool:
    """A control character (Unicode category Cc: CR, LF, TAB, NUL, ...) or a line or
    paragraph separator (U+2028, U+2029)."""
    return unicodedata.category(char) in ("Cc", "Zl", "Zp")


def validate_name(value):
    """Names hold no control characters and no line breaks: a name printed in an email
    could otherwise start lines of its own (text an attacker chose)."""
    if isinstance(value, str) and any(breaks_a_line(char) for char in value):
        raise ValidationError("A name cannot contain control characters or line breaks.", code="control_character")


def one_line(value) -> str:
    """``value`` as text on one line: control characters and line breaks become spaces,
    runs of whitespace one space (for names stored before validate_name, or by-passing it)."""
    text = "".join(" " if breaks_a_line(char) else char for char in ("" if value is None else str(value)))
    return " ".join(text.split())


DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_origin(origin: str) -> str:
    """An origin as browsers send it (``Origin``): scheme and host in lower case, no default
    port (``:443`` for https, ``:80`` for http), no trailing ``/``. Text that is no origin is
    given back as it is (without a trailing ``/``): it matches nothing a browser sends."""
    origin = origin.strip().rstrip("/")
    try:
        parts = urlsplit(origin)
        port = parts.port
    except ValueError:
        return origin
    if not parts.scheme or not parts.hostname or parts.path or parts.query or parts.fragment or "@" in parts.netloc:
        return origin
    scheme, host = parts.scheme.lower(), parts.hostname  # urlsplit gives the host in lower case
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address
    return f"{scheme}://{host}" if port is None or port == DEFAULT_PORTS.get(scheme) else f"{scheme}://{host}:{port}"
