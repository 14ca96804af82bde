"""JSON and XML, both ways, as the design fixes them.

JSON is the default; ``format=json|xml`` wins over ``Accept``. ``_v`` is the request's
version (``"20.4"`` for ``/dw/shop/v20_4/``). In XML the root element
is the document's ``_type`` with attribute ``_v``, each property a child element, an
array a wrapper element holding one element per item named by the item's ``_type``.
XML request bodies are parsed with defusedxml (no DTDs, no entities) and typed by the
declared types of the request documents, so ``<postal_code>01801</postal_code>`` stays
a string while ``<gender>1</gender>`` becomes a number.
"""
import json
import math
import re
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException
from django.http import HttpResponse
from rest_framework.negotiation import BaseContentNegotiation, DefaultContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer

from shopsite import OCAPI_VERSION, faults
from shopsite.lookups import has_nul
from shopsite.versions import request_version

JSON_MEDIA_TYPE = "application/json"
XML_MEDIA_TYPES = ("application/xml", "text/xml")

# Declared types of the request documents' non-string properties (for XML bodies), as the
# apps register them (register_xml_property_types).
XML_INTEGER_PROPERTIES: set[str] = set()
XML_NUMBER_PROPERTIES: set[str] = set()
XML_BOOLEAN_PROPERTIES: set[str] = set()
XML_OBJECT_PROPERTIES: set[str] = set()
XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*\Z")
# Characters XML 1.0 cannot carry (JSON can): replaced in XML output.
XML_INVALID_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAX_DEPTH = 32


def register_xml_property_types(*, integers=(), numbers=(), booleans=(), objects=()) -> None:
    """An app's request-document properties that XML bodies carry as integers, numbers
    (``<quantity>2.5</quantity>``), booleans or child documents (everything else stays a
    string: ``<postal_code>01801</postal_code>``)."""
    XML_INTEGER_PROPERTIES.update(integers)
    XML_NUMBER_PROPERTIES.update(numbers)
    XML_BOOLEAN_PROPERTIES.update(booleans)
    XML_OBJECT_PROPERTIES.update(objects)


def with_version(data, version=None):
    """Put ``_v`` first, as OCAPI does: the request's version (``shopsite.versions.request_version``),
    written with a dot (``"20.4"``); 16.4 without one."""
    if isinstance(data, dict):
        return {"_v": version.dotted if version is not None else OCAPI_VERSION,
                **{k: v for k, v in data.items() if k != "_v"}}
    return data


def _version_of(renderer_context):
    request = (renderer_context or {}).get("request")
    return request_version(request) if request is not None else None


# --- JSON -----------------------------------------------------------------------------
class OcapiJSONRenderer(BaseRenderer):
    media_type = JSON_MEDIA_TYPE
    format = "json"
    charset = "UTF-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return json.dumps(with_version(data, _version_of(renderer_context)), ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")


class OcapiJSONParser(BaseParser):
    media_type = JSON_MEDIA_TYPE

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        if not raw.strip():
            return {}
        try:
            data = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant, parse_float=_finite_float)
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise faults.MalformedDocumentException("The request body is not a valid JSON document.") from None
        if not isinstance(data, dict):
            raise faults.MalformedDocumentException("The request body must be a JSON object.")
        return ensure_storable(data)


def ensure_storable(value, depth=0):
    """Refuse text no database can store (NUL, lone surrogates) and absurd nesting."""
    if depth > 32:
        raise faults.MalformedDocumentException("The request document is nested too deeply.")
    if isinstance(value, str):
        if has_nul(value):
            raise faults.MalformedDocumentException("The request document contains a NUL character.")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise faults.MalformedDocumentException("The request document contains invalid Unicode.") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            ensure_storable(key, depth + 1)
            ensure_storable(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            ensure_storable(item, depth + 1)
    return value


def _reject_constant(name):
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text):
    value = float(text)
    if not math.isfinite(value):  # 1e400 parses as inf, which no database stores
        raise ValueError(f"{text[:32]} is out of range")
    return value


# --- XML ------------------------------------------------------------------------------
def _xml_name(name):
    return name if XML_NAME.match(name) and not name.lower().startswith("xml") else None


def _append(parent, name, value):
    tag = _xml_name(name)
    element = SubElement(parent, tag or "property")
    if tag is None:  # the name as an attribute value, which XML 1.0 must be able to carry too
        element.set("name", XML_INVALID_CHARACTERS.sub("\ufffd", name))
    _fill(element, value)


def _fill(element, value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "_type" and item is not None:
                _append(element, key, item)
    elif isinstance(value, list):
        for item in value:
            name = item.get("_type") if isinstance(item, dict) else None
            _append(element, name if isinstance(name, str) and _xml_name(name) else "item", item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = XML_INVALID_CHARACTERS.sub("\ufffd", str(value))


def to_xml(data, version=None):
    root = Element(data.get("_type", "document"))
    root.set("_v", version.dotted if version is not None else OCAPI_VERSION)
    if data.get("_type") == "fault":
        data = data["fault"]  # <fault _v="16.4"><type/><message/><arguments/></fault>
    _fill(root, data)
    return b'<?xml version="1.0" encoding="UTF-8"?>' + tostring(root, encoding="unicode").encode("utf-8")


class OcapiXMLRenderer(BaseRenderer):
    media_type = "application/xml"
    format = "xml"
    charset = "UTF-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return to_xml(data, _version_of(renderer_context))


def _typed(name, text):
    typed = name in XML_INTEGER_PROPERTIES | XML_NUMBER_PROPERTIES | XML_BOOLEAN_PROPERTIES
    text = (text or "").strip() if typed else (text or "")
    if typed and not text:
        return None  # <gender/>: XML's null, which clears the value as JSON's null does
    if name in XML_INTEGER_PROPERTIES | XML_NUMBER_PROPERTIES and re.fullmatch(r"-?\d{1,18}", text):
        return int(text)
    if name in XML_NUMBER_PROPERTIES and re.fullmatch(r"-?\d{0,18}\.\d{1,18}", text):
        return float(text)
    if name in XML_BOOLEAN_PROPERTIES and text in ("true", "false"):
        return text == "true"
    return text


def _from_element(element, depth=0):
    if depth > MAX_DEPTH:
        raise faults.MalformedDocumentException("The request document is nested too deeply.")
    children = list(element)
    if not children:
        if element.tag in XML_OBJECT_PROPERTIES and not (element.text or "").strip():
            return {}
        return _typed(element.tag, element.text)
    result = {}
    for child in children:
        name = child.get("name") if child.tag == "property" and child.get("name") else child.tag
        value = _from_element(child, depth + 1)
        if name in result:
            if not isinstance(result[name], list):
                result[name] = [result[name]]
            result[name].append(value)
        else:
            result[name] = value
    return result


class OcapiXMLParser(BaseParser):
    media_type = "application/xml"

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        if not raw.strip():
            return {}
        try:
            root = SafeElementTree.fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        except (SafeElementTree.ParseError, DefusedXmlException, ValueError):
            raise faults.MalformedDocumentException("The request body is not a valid XML document.") from None
        data = _from_element(root)
        return ensure_storable(data) if isinstance(data, dict) else {}


class OcapiTextXMLParser(OcapiXMLParser):
    media_type = "text/xml"


# --- negotiation ----------------------------------------------------------------------
def requested_format(request):
    """'json' or 'xml' from ``format=`` (wins) or ``Accept``; a bad ``format`` is a fault."""
    fmt = request.GET.get("format")
    if fmt is not None:
        fmt = fmt.strip().lower()
        if fmt not in ("json", "xml"):
            raise faults.ParameterConstraintViolationException(
                "Query parameter 'format' must be 'json' or 'xml'.", parameter="format"
            )
        return fmt
    ranked = []
    for position, part in enumerate(request.META.get("HTTP_ACCEPT", "").split(",")):
        media, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranked.append((-quality, position, media.strip().lower()))
    for quality, _, media in sorted(ranked):
        if quality < 0 and media in XML_MEDIA_TYPES:
            return "xml"
        if quality < 0 and (media == JSON_MEDIA_TYPE or media in ("*/*", "application/*")):
            return "json"
    return "json"


class OcapiContentNegotiation(BaseContentNegotiation):
    def select_parser(self, request, parsers):
        return DefaultContentNegotiation().select_parser(request, parsers)

    def select_renderer(self, request, renderers, format_suffix=None):
        wanted = requested_format(request)
        for renderer in renderers:
            if renderer.format == wanted:
                return renderer, renderer.media_type
        return renderers[0], renderers[0].media_type


def render_document(request, data, status=200, headers=None):
    """Render a document outside DRF (error views, health, JWKS) in the requested format."""
    try:
        fmt = requested_format(request)
    except faults.OcapiFault:
        fmt = "json"
    renderer = OcapiXMLRenderer() if fmt == "xml" else OcapiJSONRenderer()
    response = HttpResponse(
        renderer.render(data, renderer_context={"request": request}), status=status,
        content_type=f"{renderer.media_type};charset=UTF-8",
    )
    for key, value in (headers or {}).items():
        response[key] = value
    return response
