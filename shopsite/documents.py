"""The document rules of OCAPI, written once.

Documents are plain dicts built by each app's ``documents.py`` (fast, no nested
serializers). ``document()`` applies the rules: unset values are omitted, date-times are
UTC with milliseconds and ``Z``, dates ``YYYY-MM-DD``, money a JSON number. ``c_*``
custom attributes are stored in a JSON field and merged back in as given.
"""
import datetime
import re
from decimal import Decimal

from shopsite import faults

CUSTOM_ATTRIBUTE = re.compile(r"^c_[A-Za-z][A-Za-z0-9_]{0,255}$")


def format_datetime(value):
    if value is None:
        return None
    value = value.astimezone(datetime.timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def _value(value):
    if isinstance(value, datetime.datetime):
        return format_datetime(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def document(_type, fields, custom=None):
    """A document of ``_type`` from ``fields``, sorted by name as the spec's samples are,
    without unset (None) values; then the ``c_*`` custom attributes (only well-named ones:
    a stored attribute can never overwrite a property)."""
    doc = {"_type": _type}
    for key in sorted(fields):
        value = fields[key]
        if value is not None:
            doc[key] = _value(value)
    if custom:
        doc.update((key, value) for key, value in custom.items() if CUSTOM_ATTRIBUTE.match(key))
    return doc


def validate_custom_attributes(value):
    """Model-field validator of ``custom`` JSON fields (admin edits included)."""
    from django.core.exceptions import ValidationError

    if not isinstance(value, dict):
        raise ValidationError("Custom attributes must be a JSON object of c_* names.")
    bad = [key for key in value if not CUSTOM_ATTRIBUTE.match(key)]
    if bad:
        raise ValidationError(f"'{bad[0][:64]}' is not a custom attribute name (c_ followed by letters, digits, _).")


def split_custom_attributes(data):
    """Separate ``c_*`` properties from the rest; refuse names XML could not carry."""
    regular, custom = {}, {}
    for key, value in data.items():
        if key.startswith("c_"):
            if not CUSTOM_ATTRIBUTE.match(key):
                raise faults.PropertyConstraintViolationException(
                    f"Custom attribute name '{key[:64]}' is not valid.", property=key[:64]
                )
            custom[key] = value
        else:
            regular[key] = value
    return regular, custom


def merge_custom_attributes(current, changes):
    """Apply PATCHed custom attributes: a null value removes the attribute."""
    merged = dict(current or {})
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged
