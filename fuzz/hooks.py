"""Schemathesis hooks of the fuzzing gate (loaded with SCHEMATHESIS_HOOKS=fuzz.hooks).

- ``fault_document``: every 4xx/5xx body is a fault document with ``_v`` (FUZZ_API_VERSION's:
  the version fuzzed) and ``fault.type`` (JSON or XML, whichever was asked for);
- an XML deserializer: responses asked for with ``format=xml`` are read back into JSON
  values typed by the operation's response schema, so the XML form is checked against the
  same schemas as the JSON one;
- ``flatmap_path_parameters``: most generated cases name the demo customers and their
  addresses, instruments and product lists, so the operations get past "who is this" to
  their real work;
- ``before_call``: each case is sent with one of the tokens the runner obtained (customer
  JWT, trusted-server OAuth token, agent token, throw-away guest JWTs for logouts) or with
  whatever schemathesis generated, chosen from the case's content so a case always goes
  out the same way (reproducible, and Hypothesis sees no flakiness);
- ``flatmap_query``: half the cases of an operation with ``select`` send a well-formed
  selector instead of the (mostly malformed) generated text, so selections are fuzzed too;
- ``response_schema_conformance_with_select``: schemathesis' schema check, but an answer to a
  ``select`` (2xx, or the 301 of a renamed address: every document but faults) is checked
  against the schema with every ``required`` narrowed to ``_v`` and ``_type`` (a selection may
  leave out any other property; all else must still match).

The runner (fuzz/run_schemathesis.py) passes the tokens and ids in FUZZ_* variables.
"""
import json
import os
import re
import types
import zlib
from xml.etree import ElementTree

import schemathesis
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from schemathesis.specs.openapi.checks import response_schema_conformance

#: The ``_v`` of the version fuzzed (the runner's FUZZ_API_VERSION; 16.4 by default).
OCAPI_VERSION = os.environ.get("FUZZ_API_VERSION") or "16.4"


def _setting(name, default=""):
    return os.environ.get(f"FUZZ_{name}", default)


def _list(name):
    return [value for value in _setting(name).split(",") if value]


CUSTOMER_JWT = _setting("CUSTOMER_JWT")
OAUTH_TOKEN = _setting("OAUTH_TOKEN")
AGENT_TOKEN = _setting("AGENT_TOKEN")
GUEST_JWTS = _list("GUEST_JWTS")
CLIENT_ID = _setting("CLIENT_ID")
CUSTOMER_BASIC = _setting("CUSTOMER_BASIC")
CUSTOMER_IDS = _list("CUSTOMER_IDS")  # the JWT's customer first, then another one
ADDRESS_NAMES = _list("ADDRESS_NAMES")
PAYMENT_INSTRUMENT_IDS = _list("PAYMENT_INSTRUMENT_IDS")
#: The demo customer's product lists: [{"list_id", "item_id", "purchase_id"?}, ...]
PRODUCT_LIST_PATHS = json.loads(_setting("PRODUCT_LIST_PATHS", "[]"))
DEMO_EMAIL = "jsmith@example.com"
KEEP = object()  # send what schemathesis generated (random, missing or broken credentials)


def fault_problem(response):
    """Why ``response`` (a 4xx/5xx) is not a fault document, or None when it is one."""
    content_type = (response.headers.get("content-type") or [""])[0].split(";")[0].strip().lower()
    body = response.content or b""
    if content_type == "application/json":
        try:
            document = json.loads(body)
        except ValueError:
            return "the body is not JSON"
        if not isinstance(document, dict):
            return "the body is not a JSON object"
        fault = document.get("fault")
        if document.get("_v") != OCAPI_VERSION:
            return f"`_v` is {document.get('_v')!r}, not {OCAPI_VERSION!r}"
        if not isinstance(fault, dict) or not isinstance(fault.get("type"), str) or not fault["type"]:
            return "there is no `fault.type`"
        return None
    if content_type in ("application/xml", "text/xml"):
        try:
            root = ElementTree.fromstring(body)
        except ElementTree.ParseError:
            return "the body is not XML"
        if root.tag != "fault" or root.get("_v") != OCAPI_VERSION:
            return f"the root is not <fault _v=\"{OCAPI_VERSION}\">"
        if not (root.findtext("type") or "").strip():
            return "there is no <type>"
        return None
    return f"the content type is {content_type or 'missing'}, not JSON or XML"


@schemathesis.check
def fault_document(ctx, response, case):
    """Every error is a fault document: ``{"_v": "16.4", "fault": {"type": ...}}`` (the version's ``_v``)."""
    problem = fault_problem(response) if response.status_code >= 400 else None
    if problem:
        raise AssertionError(f"{response.status_code} is not a fault document: {problem}")


# --- XML responses, typed by the response schema ---------------------------------------
def _resolve(schema, raw):
    """The schema with ``$ref`` followed and ``allOf`` merged (first definition wins)."""
    while isinstance(schema, dict) and "$ref" in schema:
        node = raw
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    if "allOf" in schema:
        merged = {key: value for key, value in schema.items() if key != "allOf"}
        for part in schema["allOf"]:
            part = _resolve(part, raw)
            for key, value in part.items():
                if key == "properties":
                    merged["properties"] = {**value, **merged.get("properties", {})}
                else:
                    merged.setdefault(key, value)
        schema = merged
    return schema


def _kind(schema):
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((item for item in kind if item != "null"), None)
    if kind is None and ("properties" in schema or "patternProperties" in schema):
        kind = "object"
    return kind


def _property_schema(schema, name):
    if name in schema.get("properties", {}):
        return schema["properties"][name]
    for pattern, value in schema.get("patternProperties", {}).items():
        if re.search(pattern, name):
            return value
    return {}


def _from_xml(element, schema, raw):
    schema = _resolve(schema, raw)
    kind = _kind(schema)
    children = list(element)
    if kind == "array":
        return [_from_xml(child, schema.get("items", {}), raw) for child in children]
    if kind == "object" or (kind is None and children):
        result = {}
        for child in children:
            name = child.get("name") if child.tag == "property" and child.get("name") else child.tag
            result[name] = _from_xml(child, _property_schema(schema, name), raw)
        const = schema.get("properties", {}).get("_type", {}).get("const")
        if const:
            result["_type"] = const
        return result
    text = element.text or ""
    try:
        if kind == "integer":
            return int(text)
        if kind == "number":
            return float(text)
    except ValueError:
        return text  # left as it came: the schema check reports it
    if kind == "boolean":
        return {"true": True, "false": False}.get(text, text)
    return text


@schemathesis.deserializer("application/xml", "text/xml")
def deserialize_xml(ctx, response):
    """``<customer _v="16.4"><login>..</login></customer>`` -> ``{"_v", "_type": "customer", "login"}``."""
    try:
        root = ElementTree.fromstring(response.content)
    except ElementTree.ParseError as error:  # ValueError: what schemathesis reports as a failure
        raise ValueError(f"the body is not well-formed XML: {error}") from None
    raw = ctx.operation.schema.raw_schema
    responses = ctx.operation.definition.raw.get("responses", {})
    definition = _resolve(responses.get(str(response.status_code), {}), raw)
    schema = definition.get("content", {}).get(response.headers.get("content-type", [""])[0].split(";")[0], {})
    schema = schema.get("schema") or definition.get("content", {}).get("application/xml", {}).get("schema", {})
    if root.tag == "fault":
        fault_schema = _resolve(_resolve(schema, raw).get("properties", {}).get("fault", {}), raw)
        document = {"_type": "fault", "fault": _from_xml(root, fault_schema, raw)}
    else:
        document = _from_xml(root, schema, raw)
        document["_type"] = root.tag
    if root.get("_v") is not None:
        document["_v"] = root.get("_v")
    return document


# --- which customer, which token ---------------------------------------------------------
def _with(params, name, values):
    return [{**params, name: value} for value in values]


@schemathesis.hook
def flatmap_path_parameters(context, path_parameters):
    """Mostly the demo customers (the JWT's own first), sometimes what was generated."""
    if not path_parameters:
        return st.just(path_parameters)
    choices = [path_parameters]
    if "customer_id" in path_parameters and CUSTOMER_IDS:
        own = {**path_parameters, "customer_id": CUSTOMER_IDS[0]}
        choices = [own, own, own, *_with(path_parameters, "customer_id", CUSTOMER_IDS[1:]), path_parameters]
        for name, known in (("address_name", ADDRESS_NAMES), ("payment_instrument_id", PAYMENT_INSTRUMENT_IDS)):
            if name in path_parameters and known:
                choices = _with(own, name, known) + choices
    if "list_id" in path_parameters and PRODUCT_LIST_PATHS:
        # The customer's own lists (customer paths), or the public ones (/product_lists/...).
        base = choices[0]
        choices = [{**base, **{name: value for name, value in ids.items() if name in path_parameters}}
                   for ids in PRODUCT_LIST_PATHS] + choices
    return st.sampled_from(choices)


#: Operations for a trusted server's OAuth token only (a JWT gets 401, an agent's token 403).
TRUSTED_SERVER_ONLY = ("POST /customers/auth/trustedsystem", "POST /customers/password/actions/create_reset_token")


def _tokens(label):
    """The Authorization values worth trying for an operation (``KEEP`` = as generated)."""
    jwt, oauth = f"Bearer {CUSTOMER_JWT}", f"Bearer {OAUTH_TOKEN}"
    if label == "DELETE /customers/auth":  # never revoke the JWT every other case uses
        return [*(f"Bearer {token}" for token in GUEST_JWTS), KEEP]
    if label == "POST /customers/auth":
        return [None, f"Basic {CUSTOMER_BASIC}", jwt, KEEP]
    if label == "POST /customers":
        return [oauth, oauth, f"Bearer {GUEST_JWTS[0]}" if GUEST_JWTS else KEEP, jwt, KEEP]
    if label == "POST /customers/{customer_id}/auth":
        return [f"Bearer {AGENT_TOKEN}", f"Bearer {AGENT_TOKEN}", oauth, jwt, KEEP]
    if label in TRUSTED_SERVER_ONLY:
        return [oauth, oauth, oauth, jwt, f"Bearer {AGENT_TOKEN}", KEEP]
    if _public(label):  # no token needed (a client id is)
        return [None, None, jwt, oauth, KEEP]
    return [jwt, jwt, jwt, oauth, oauth, KEEP]


def _public(label):
    return label.startswith("GET /product_lists")


def _pick(options, case, salt):
    text = repr((salt, case.path_parameters, case.query, case.body, sorted((case.headers or {}).items())))
    return options[zlib.crc32(text.encode("utf-8", "surrogatepass")) % len(options)]


#: Operations without a token name their client; the demo's OCAPI settings grant the demo client
#: the whole Customers resource (and the public product list reads: _public), so these usually go
#: out with its id (else: what was generated).
NAMES_ITS_CLIENT = ("POST /customers/auth", "POST /customers/password_reset", "POST /customers/password/actions/reset")


@schemathesis.hook
def before_call(context, case, kwargs):
    label = f"{case.operation.method.upper()} {case.operation.path}"
    headers = dict(case.headers or {})
    chosen = _pick(_tokens(label), case, "auth")
    if chosen is None:
        headers.pop("Authorization", None)
    elif chosen is not KEEP:
        headers["Authorization"] = chosen
    if (label in NAMES_ITS_CLIENT or _public(label)) and CLIENT_ID and _pick([True, True, False], case, "client"):
        case.query = {**(case.query or {}), "client_id": CLIENT_ID}
    if label == "GET /product_lists" and _pick([True, False], case, "email"):
        case.query = {**(case.query or {}), "email": DEMO_EMAIL}
    case.headers = headers


# --- select ----------------------------------------------------------------------------------
#: Well-formed selectors for every kind of document (and each construct of the grammar).
SELECTORS = (
    "(**)", "(*)", "(_type)", "(**,-login,-data)", "(*,-email)", "(+login,email,addresses.(address_id,city))",
    "(count,total,select)", "(data.(address_id,city))", "(data.(**))", "(data[0])", "(data[0:1].(*))",
    "(data[1,3,5])", "(data[?(@.preferred==true || @.city!='x' && @.n>=2)].(address_id))",
    "(baskets[0].(product_items.(product_id)))", "(payment_card.(holder,masked_number),payment_instrument_id)",
    "(payment_instruments[?(@.payment_card.card_type=='Visa')])",
)


def _has_select(operation):
    parameters = operation.definition.raw.get("parameters", []) if operation is not None else []
    return any(isinstance(parameter, dict) and parameter.get("name") == "select" for parameter in parameters)


@schemathesis.hook
def flatmap_query(context, query):
    """As generated, or with one of SELECTORS as ``select``."""
    if not _has_select(context.operation):
        return st.just(query)
    query = query or {}
    return st.one_of(st.just(query), st.sampled_from(SELECTORS).map(lambda text: {**query, "select": text}))


def _relaxed(node):
    """The schema with every ``required`` reduced to ``_v`` and ``_type``."""
    if isinstance(node, list):
        return [_relaxed(item) for item in node]
    if not isinstance(node, dict):
        return node
    relaxed = {key: _relaxed(value) for key, value in node.items()}
    if isinstance(node.get("required"), list):
        relaxed["required"] = [name for name in node["required"] if name in ("_v", "_type")]
    return relaxed


_RELAXED = {}


def _relaxed_schema(raw):
    """``_relaxed(raw)``, once per schema of the run."""
    if id(raw) not in _RELAXED:
        _RELAXED[id(raw)] = (raw, _relaxed(raw))  # the schema itself kept: its id stays its own
    return _RELAXED[id(raw)][1]


@schemathesis.check
def response_schema_conformance_with_select(ctx, response, case):
    """``response_schema_conformance``, but what a selection may leave out is not required."""
    selected = (case.query or {}).get("select")
    documented = (case.method or "").upper() == case.operation.method.upper()  # not the OPTIONS probes
    # select applies to every document answered (shopsite.api: below 400, the 301 of a rename too)
    if not (documented and isinstance(selected, str) and selected.strip() and 200 <= response.status_code < 400):
        return response_schema_conformance(ctx, response, case)
    if not response.content:
        return None
    raw = _relaxed_schema(case.operation.schema.raw_schema)
    operation = raw["paths"][case.operation.path][case.operation.method.lower()]
    if str(response.status_code) not in operation["responses"]:
        return response_schema_conformance(ctx, response, case)  # which reports it
    content = _resolve(operation["responses"][str(response.status_code)], raw).get("content", {})
    media_type = (response.headers.get("content-type") or [""])[0].split(";")[0].strip().lower()
    schema = (content.get(media_type) or content.get("application/json") or {}).get("schema")
    if schema is None:
        raise AssertionError(f"{response.status_code} {media_type} is not documented")
    if media_type in ("application/xml", "text/xml"):
        document = deserialize_xml(types.SimpleNamespace(operation=case.operation), response)
    else:
        document = json.loads(response.content)
    errors = [f"{list(error.absolute_path)}: {error.message}"
              for error in Draft202012Validator({**schema, "components": raw["components"]}).iter_errors(document)]
    if errors:
        raise AssertionError(f"the selected document does not match the schema: {errors[:3]}")
    return None
