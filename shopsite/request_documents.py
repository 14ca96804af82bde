"""The property check every request document goes through, written once.

A request document may set its writable properties; the response document's read-only
properties are refused as read-only (storefronts echo documents back, so the message says
which), anything else as unknown, and the envelope (``_v``, ``_type``,
``_resource_state``) is accepted and ignored. Each app declares its documents'
``RequestShape`` next to the DRF serializer that types and bounds the values.
"""
from dataclasses import dataclass, field

from shopsite import faults
from shopsite.documents import split_custom_attributes

ENVELOPE = frozenset({"_v", "_type", "_resource_state"})
SHOWN_NAME_LENGTH = 128


@dataclass(frozen=True)
class RequestShape:
    """The properties of one request document (``nested``: object properties with a shape of their own)."""

    writable: frozenset[str]
    read_only: frozenset[str] = frozenset()
    ignored: frozenset[str] = frozenset()
    nested: dict[str, "RequestShape"] = field(default_factory=dict)
    #: Whether the document carries ``c_*`` custom attributes.
    custom: bool = True

    def allowing(self, *names: str) -> "RequestShape":
        """The same shape with ``names`` writable (``login`` at registration, say)."""
        return RequestShape(
            writable=self.writable | set(names), read_only=self.read_only - set(names),
            ignored=self.ignored, nested=self.nested, custom=self.custom,
        )


def check_request_document(document: dict, shape: RequestShape) -> tuple[dict, dict]:
    """(writable properties, ``c_*`` custom attributes) of a request document.

    Read-only properties -> ReadOnlyPropertyException, unknown ones ->
    UnknownPropertyException, each naming the property (with its parent's name when
    nested); a body that is not an object -> MalformedDocumentException.
    """
    if not isinstance(document, dict):
        raise faults.MalformedDocumentException("The request body must be a JSON object.")
    regular, custom = split_custom_attributes(document) if shape.custom else (document, {})
    _check_names(regular, shape, prefix="")
    return {name: value for name, value in regular.items() if name in shape.writable}, custom


def _check_names(data: dict, shape: RequestShape, *, prefix: str) -> None:
    for name, value in data.items():
        if name in shape.writable:
            nested = shape.nested.get(name)
            if nested is not None and isinstance(value, dict):
                _check_names(value, nested, prefix=f"{prefix}{name}.")
            continue
        if name in ENVELOPE or name in shape.ignored:
            continue
        shown = f"{prefix}{name}"[:SHOWN_NAME_LENGTH]
        if name in shape.read_only:
            raise faults.ReadOnlyPropertyException(f"Property '{shown}' is read-only.", property=shown)
        raise faults.UnknownPropertyException(f"Property '{shown}' is unknown.", property=shown)
