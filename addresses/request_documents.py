"""The CustomerAddress request document (POST and PATCH): its properties
(``shopsite.request_documents``), types and bounds, and the address id rule."""
import unicodedata

from rest_framework import serializers

from addresses.documents import EDITION_TEXT_FIELDS
from addresses.models import ADDRESS_ID_MAX_LENGTH, TEXT_FIELDS, CustomerAddress, validate_country_code
from shopsite import faults
from shopsite.fields import StrictBooleanField, text
from shopsite.request_documents import RequestShape, check_request_document
from shopsite.validators import NAME_FIELDS, validate_name
from shopsite.versions import V16_4, ApiVersion

#: The CustomerAddress request document of each edition of the documents (16.4's has no ``suite``).
CUSTOMER_ADDRESS = {
    edition: RequestShape(
        writable=frozenset({"address_id", "preferred", *text_fields}),
        read_only=frozenset({"creation_date", "last_modified", "etag"}),
        # full_name is derived from the names: accepted and ignored, as storefronts echo documents back.
        ignored=frozenset({"full_name"}),
    )
    for edition, text_fields in EDITION_TEXT_FIELDS.items()
}


class AddressSerializer(serializers.Serializer):
    preferred = StrictBooleanField(required=False, allow_null=True)

    def get_fields(self):
        fields = super().get_fields()
        for name in TEXT_FIELDS:
            validators = [validate_country_code] if name == "country_code" else []
            validators += [validate_name] if name in NAME_FIELDS else []
            fields[name] = text(CustomerAddress._meta.get_field(name).max_length, validators=validators)
        return fields


def validate_address_id(value: object) -> str:
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


def validate_address(data: dict, *, creating: bool, edition: ApiVersion = V16_4) -> tuple[str | None, dict, dict]:
    """Check a CustomerAddress document of that edition of the documents; returns (address_id or
    None, changes, custom attributes).

    ``changes`` holds only the properties sent (a PATCH is partial); null clears a value.
    Read-only properties -> ReadOnlyPropertyException, unknown ones ->
    UnknownPropertyException, wrong types or lengths -> PropertyConstraintViolationException.
    """
    regular, custom = check_request_document(data, CUSTOMER_ADDRESS[edition])
    address_id = None
    if creating or "address_id" in regular:
        address_id = validate_address_id(regular.pop("address_id", None))
    serializer = AddressSerializer(data=regular)
    serializer.is_valid(raise_exception=True)
    return address_id, dict(serializer.validated_data), custom
