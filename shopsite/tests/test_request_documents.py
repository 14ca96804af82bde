"""The one property check of request documents (shopsite.request_documents)."""
import pytest

from shopsite import faults
from shopsite.request_documents import RequestShape, check_request_document

CARD = RequestShape(writable=frozenset({"number"}), read_only=frozenset({"masked_number"}), custom=False)
SHAPE = RequestShape(
    writable=frozenset({"name", "card"}),
    read_only=frozenset({"created"}),
    ignored=frozenset({"full_name"}),
    nested={"card": CARD},
)


def test_writable_properties_and_custom_attributes_are_returned_apart():
    document = {"_v": "16.4", "_type": "thing", "_resource_state": "x", "name": "a", "full_name": "b", "c_x": 1}
    assert check_request_document(document, SHAPE) == ({"name": "a"}, {"c_x": 1})


@pytest.mark.parametrize(
    "document, fault, name",
    [
        ({"created": "2020-01-01"}, faults.ReadOnlyPropertyException, "created"),
        ({"colour": "red"}, faults.UnknownPropertyException, "colour"),
        ({"card": {"masked_number": "***"}}, faults.ReadOnlyPropertyException, "card.masked_number"),
        ({"card": {"c_note": "x"}}, faults.UnknownPropertyException, "card.c_note"),
        ({"x" * 300: 1}, faults.UnknownPropertyException, "x" * 128),
    ],
)
def test_other_properties_are_refused_by_name(document, fault, name):
    with pytest.raises(fault) as raised:
        check_request_document(document, SHAPE)
    assert raised.value.arguments == {"property": name}


def test_a_shape_without_custom_attributes_refuses_them():
    with pytest.raises(faults.UnknownPropertyException):
        check_request_document({"c_x": 1}, CARD)


def test_allowing_makes_a_read_only_property_writable():
    assert check_request_document({"created": "now"}, SHAPE.allowing("created")) == ({"created": "now"}, {})


def test_a_body_that_is_not_an_object_is_malformed():
    with pytest.raises(faults.MalformedDocumentException):
        check_request_document(["name"], SHAPE)
