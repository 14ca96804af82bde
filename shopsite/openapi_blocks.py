"""The building blocks every app's ``openapi`` module describes its documents and operations with.

Kept apart from the plumbing (``shopsite.openapi``) so that an app's description reads as
JSON Schema, and so that the rules of OCAPI documents (``_type`` fixed, ``_v`` on top-level
documents, nothing undeclared, ``c_*`` custom attributes) are written once for every app.
"""
from drf_spectacular.utils import OpenApiParameter

from shopsite import OCAPI_VERSION
from shopsite.checks import DEMO_CLIENT_ID
from shopsite.documents import CUSTOM_ATTRIBUTE_SCHEMA_PATTERN
from shopsite.paging import MAX_COUNT


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


# --- JSON Schema building blocks --------------------------------------------------------
DATE_TIME = {
    "type": "string", "format": "date-time", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$",
    "description": "UTC with milliseconds, e.g. 2015-09-09T15:50:53.142Z.", "readOnly": True,
}
DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
MONEY = {"type": "number"}
CUSTOM_ATTRIBUTES = {CUSTOM_ATTRIBUTE_SCHEMA_PATTERN: {"description": "A custom attribute: any JSON value."}}


def string(max_length=None, description=None, **extra):
    schema = {"type": "string", **extra}
    if max_length is not None:
        schema["maxLength"] = max_length
    if description:
        schema["description"] = description
    return schema


def nullable(schema):
    """A request property that may be sent as null (which clears the value)."""
    return {**schema, "type": [schema["type"], "null"]}


def document(_type, description, properties, required=(), custom=False, example=None):
    """A response document: ``_type`` fixed, ``_v`` on top-level documents, nothing undeclared."""
    schema = {
        "type": "object",
        "description": description,
        "properties": {
            "_v": {"type": "string", "const": OCAPI_VERSION, "description": "The API version (top level only)."},
            "_type": {"type": "string", "const": _type},
            **dict(sorted(properties.items())),
        },
        "required": ["_type", *required],
        "additionalProperties": False,
    }
    if custom:
        schema["patternProperties"] = CUSTOM_ATTRIBUTES
    if example:
        schema["examples"] = [example]
    return schema


def request_document(description, properties, required=(), custom=False, example=None, strict=True):
    """A request document: unknown properties are 400 faults (``strict``; the small action documents
    ignore them instead), ``c_*`` accepted where documents have them."""
    schema = {"type": "object", "description": description, "properties": dict(sorted(properties.items()))}
    if strict:
        schema["additionalProperties"] = False
    else:
        schema["description"] += " Other properties are ignored."
    if required:
        schema["required"] = list(required)
    if custom:
        schema["patternProperties"] = CUSTOM_ATTRIBUTES
    if example:
        schema["examples"] = [example]
    return schema


def top_level(name):
    """A document as the response body: ``_v`` is present at the top level."""
    return {"allOf": [ref(name), {"required": ["_v"]}]}


#: The properties of a page of documents (``shopsite.paging``); results that are not paged take some.
PAGING_PROPERTIES = {
    "count": {"type": "integer", "minimum": 0, "description": "The number of documents returned."},
    "next": string(description="The URL of the next page (only when paging was asked for)."),
    "previous": string(description="The URL of the previous page (only when paging was asked for)."),
    "select": string(description="The `select` the result was narrowed by, as given (only with `select`)."),
    "start": {"type": "integer", "minimum": 0, "description": "The index of the first document returned."},
    "total": {"type": "integer", "minimum": 0, "description": "The total number of documents."},
}


# --- parameters and headers -------------------------------------------------------------
def path_parameter(name, description, max_length=None):
    schema = string(max_length, minLength=1)
    return OpenApiParameter(name, schema, OpenApiParameter.PATH, required=True, description=description)


IF_MATCH_HEADER = OpenApiParameter(
    "If-Match", string(), OpenApiParameter.HEADER,
    description="The ETag of the version to change (bare or quoted, or `*`); another one gives 412.",
)
CLIENT_ID_PARAMETERS = [
    OpenApiParameter("client_id", string(), OpenApiParameter.QUERY,
                     description=f"The API client id (or the `x-dw-client-id` header); where the shop has OCAPI "
                                 f"settings, operations without a token need it. Demo: `{DEMO_CLIENT_ID}`."),
    OpenApiParameter("x-dw-client-id", string(), OpenApiParameter.HEADER,
                     description="The API client id, when there is no `client_id` parameter (which wins)."),
]


def start_parameter(maximum):
    schema = {"type": "integer", "minimum": 0, "default": 0}
    if maximum is not None:
        schema["maximum"] = maximum
    return OpenApiParameter("start", schema, OpenApiParameter.QUERY,
                            description="The index of the first document to return.")


COUNT_PARAMETER = OpenApiParameter(
    "count", {"type": "integer", "minimum": 1, "maximum": MAX_COUNT, "default": 10}, OpenApiParameter.QUERY,
    description="The number of documents per page.",
)


SELECT_PARAMETER = OpenApiParameter(
    "select", {"type": "string", "examples": ["(**)"]}, OpenApiParameter.QUERY,
    description="Property selection: which properties of the document to answer with. `(**)` everything, "
                "`(*)` the values that are neither objects nor arrays, `(login,email)` (or `(+login)`) those, "
                "`(**,-addresses)` / `(*,-email)` all but those, `(data.(address_id,city))` a sub-document or "
                "each object of an array narrowed, `data[0]`, `data[0:4]` (both ends included), `data[1,3,5]`, "
                "`data[?(@.preferred==true && @.n>=2 || @.city!='x')]` items of an array (each optionally "
                "followed by `.(...)`). `_v` and `_type` are always kept, at every level; the document holds "
                "only what was selected (properties marked required may then be absent), a paged result "
                "carries `select` as given. The `ETag` stays the whole resource's. An empty value is ignored; "
                "a malformed one is a 400 `ParameterConstraintViolationException` with the arguments "
                "`parameter` (`select`) and `position` (0-based) of the error.",
)


def header(description, required=True):
    return {"schema": string(), "description": description, "required": required}


ETAG = {"ETag": header("The strong ETag of the representation (bare hex), for If-Match.")}
