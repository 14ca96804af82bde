"""Rules of stored text shared by the models (admin forms, ``full_clean``) and the API's
request documents (the services validate those with the same functions)."""
import unicodedata

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
