"""Validation of the CustomerAddress request document (POST and PATCH)."""
import unicodedata

from rest_framework import serializers

from addresses.models import ADDRESS_ID_MAX_LENGTH, TEXT_FIELDS, CustomerAddress, validate_country_code
from shopsite import faults
from shopsite.documents import split_custom_attributes
from shopsite.fields import StrictBooleanField, text
from shopsite.validators import NAME_FIELDS, validate_name

READ_ONLY_FIELDS = {"creation_date", "last_modified", "etag"}
# full_name is derived from the names: accepted and ignored, as storefronts echo documents back.
IGNORED_FIELDS = {"_v", "_type", "_resource_state", "full_name"}


class AddressSerializer(serializers.Serializer):
    preferred = StrictBooleanField(required=False, allow_null=True)

    def get_fields(self):
        fields = super().get_fields()
        for name in TEXT_FIELDS:
            validators = [validate_country_code] if name == "country_code" else []
            validators += [validate_name] if name in NAME_FIELDS else []
            fields[name] = text(CustomerAddress._meta.get_field(name).max_length, validators=validators)
        return fields


def validate_address_id(value):
    """1–256 characters, not blank, no control characters; else InvalidCustomerAddressIdException."""
    if (
        not isinstance(value, str)
        or not value.strip()
        or len(value) > ADDRESS_ID_MAX_LENGTH
        or any(unicodedata.category(char) == "Cc" for char in value)
    ):
        raise faults.InvalidCustomerAddressIdException(
            "The customer address id must be 1 to 256 characters and not blank.",
            addressId=value[:ADDRESS_ID_MAX_LENGTH] if isinstance(value, str) else "",  # always present
        )
    return value


def validate_address(data, *, creating):
    """Check a CustomerAddress document; returns (address_id or None, changes, custom attributes).

    ``changes`` holds only the properties sent (a PATCH is partial); null clears a value.
    Read-only properties -> ReadOnlyPropertyException, unknown ones ->
    UnknownPropertyException, wrong types or lengths -> PropertyConstraintViolationException.
    """
    regular, custom = split_custom_attributes(data)
    for name in regular:
        if name in IGNORED_FIELDS or name == "address_id":
            continue
        if name in READ_ONLY_FIELDS:
            raise faults.ReadOnlyPropertyException(f"Property '{name}' is read-only.", property=name)
        if name not in TEXT_FIELDS and name != "preferred":
            raise faults.UnknownPropertyException(f"Property '{name[:64]}' is unknown.", property=name[:64])
    address_id = None
    if creating or "address_id" in regular:
        address_id = validate_address_id(regular.get("address_id"))
    serializer = AddressSerializer(data={k: v for k, v in regular.items() if k in TEXT_FIELDS or k == "preferred"})
    serializer.is_valid(raise_exception=True)
    return address_id, dict(serializer.validated_data), custom
