"""Strict DRF fields: a JSON number is not a string, a string is not a boolean.

DRF's own fields coerce (``123`` -> ``"123"``, ``"yes"`` -> ``True``); OCAPI documents
are typed, so a wrong type is a 400 fault, not a silent conversion.
"""
from rest_framework import serializers


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictDateField(serializers.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(data)


class StrictDecimalField(serializers.DecimalField):
    """A JSON number (never a string nor a boolean), read as a Decimal within the field's bounds."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date-time string (``2025-06-21T14:00:00.000Z``); without an offset, UTC."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", format="YYYY-MM-DDThh:mm:ss[.sss]Z")
        return super().to_internal_value(data)


def text(max_length, **kwargs):
    """An optional string property of at most ``max_length`` characters."""
    kwargs.setdefault("required", False)
    kwargs.setdefault("allow_blank", True)
    kwargs.setdefault("allow_null", True)
    kwargs.setdefault("trim_whitespace", False)
    return StrictCharField(max_length=max_length, **kwargs)
