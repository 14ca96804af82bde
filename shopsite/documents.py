"""The document rules of OCAPI, written once.

Documents are plain dicts built by each app's ``documents.py`` (fast, no nested
serializers). ``document()`` applies the rules: unset values are omitted, date-times are
UTC with milliseconds and ``Z``, dates ``YYYY-MM-DD``, money a JSON number. ``c_*``
custom attributes are stored in a JSON field and merged back in as given, within the
limits of ``SHOPSITE_MAX_CUSTOM_ATTRIBUTES`` and ``SHOPSITE_MAX_CUSTOM_BYTES``.
"""
import datetime
import json
import re
from decimal import Decimal

from django.conf import settings

from shopsite import faults

# The name of a custom attribute, anchored with \Z (in Python "$" also matches before a final
# newline, "c_x\n"); the OpenAPI schema's patternProperties take the JavaScript form.
CUSTOM_ATTRIBUTE = re.compile(r"c_[A-Za-z][A-Za-z0-9_]{0,255}\Z")
CUSTOM_ATTRIBUTE_SCHEMA_PATTERN = "^c_[A-Za-z][A-Za-z0-9_]{0,255}$"


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
        doc.update((key, value) for key, value in custom.items() if CUSTOM_ATTRIBUTE.fullmatch(key))
    return doc


def validate_custom_attributes(value):
    """Model-field validator of ``custom`` JSON fields (admin edits included)."""
    from django.core.exceptions import ValidationError

    if not isinstance(value, dict):
        raise ValidationError("Custom attributes must be a JSON object of c_* names.")
    bad = [key for key in value if not CUSTOM_ATTRIBUTE.fullmatch(key)]
    if bad:
        raise ValidationError(f"'{bad[0][:64]}' is not a custom attribute name (c_ followed by letters, digits, _).")
    problem = custom_attributes_over_limit(value)
    if problem:
        raise ValidationError(problem[1])


def custom_attributes_over_limit(custom, changed=()):
    """(the attribute that crosses a limit, why) or None: the one rule of how many ``c_*``
    attributes an object keeps and how large their stored JSON is (compact, UTF-8).

    The attributes ``changed`` are counted last, so the one named is one the write added
    or grew, not an older one.
    """
    max_count, max_bytes = settings.SHOPSITE_MAX_CUSTOM_ATTRIBUTES, settings.SHOPSITE_MAX_CUSTOM_BYTES
    changed = {key: None for key in changed if key in custom}  # a dict: ordered, and a set in linear time
    order = [key for key in custom if key not in changed] + list(changed)
    size = 1  # "{}", less the comma the first entry does not need
    for count, key in enumerate(order, 1):
        if count > max_count:
            return key, f"No more than {max_count} custom attributes can be stored ('{key[:64]}' is one too many)."
        entry = json.dumps({key: custom[key]}, separators=(",", ":"), ensure_ascii=False).encode()
        size += len(entry) - 1  # '"c_x":value' and its comma, without the braces
        if size > max_bytes:
            return key, f"Custom attributes can take no more than {max_bytes} bytes ('{key[:64]}' crosses the line)."
    return None


def limit_custom_attributes(custom, changed=()):
    """The custom attributes about to be stored, or PropertyConstraintViolationException
    naming the attribute that crosses a limit (see custom_attributes_over_limit)."""
    problem = custom_attributes_over_limit(custom, changed)
    if problem:
        raise faults.PropertyConstraintViolationException(problem[1], property=problem[0][:64])
    return custom


def split_custom_attributes(data):
    """Separate ``c_*`` properties from the rest; refuse names XML could not carry."""
    regular, custom = {}, {}
    for key, value in data.items():
        if key.startswith("c_"):
            if not CUSTOM_ATTRIBUTE.fullmatch(key):
                raise faults.PropertyConstraintViolationException(
                    f"Custom attribute name '{key[:64]}' is not valid.", property=key[:64]
                )
            custom[key] = value
        else:
            regular[key] = value
    return regular, custom


def merge_custom_attributes(current, changes):
    """Apply PATCHed custom attributes: a null value removes the attribute; a result
    beyond the limits is refused (limit_custom_attributes)."""
    merged = dict(current or {})
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return limit_custom_attributes(merged, changed=changes)
