"""An OCAPI settings document, as Business Manager writes it: parsed and validated as a whole.

``validate_ocapi_settings(text)`` reads the JSON text and checks every part of it; every
error is collected (not just the first), named by its JSON path
(``clients[0].resources[3].methods: unknown method 'fetch'``) or, for JSON that does not
parse, by line and column. A valid document is compiled into ``SettingsDocument`` (what the
access layer matches requests against); the text itself is what is stored, as given.

The shape (design.md, OCAPI settings): ``{"_v": "19.5", "clients": [...]}``; a client has
``client_id`` (required), ``allowed_origins``, ``response_headers``, ``resources``; a resource
entry ``resource_id`` and ``methods`` (required), ``read_attributes``, ``write_attributes``,
``cache_time``, ``personalized_caching_enabled``, ``version_range``. Unknown keys are refused.
"""
import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from shopsite.models import CLIENT_ID
from shopsite.ocapi_settings.matching import PatternSyntaxError, ResourcePattern
from shopsite.ocapi_settings.rules import ALL_PROPERTIES, ClientRules, ResourceRule, SettingsDocument
from shopsite.selection import SelectorSyntaxError, parse_selector
from shopsite.validators import canonical_origin

MAX_TEXT_LENGTH = 2_000_000
#: The methods an entry may list (lower case, as Business Manager writes them).
METHODS = ("get", "post", "put", "patch", "delete", "head", "options")
SETTINGS_VERSION = re.compile(r"^\d{1,2}\.\d{1,2}\Z")
API_VERSION = re.compile(r"^(\d{2})\.(\d{1,2})\Z")
MAX_CACHE_TIME = 86400
HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}\Z")
HEADER_VALUE = re.compile(r"^[\x20-\x7e]{0,4096}\Z")
#: Response headers a document may not set: the protocol's own (hop-by-hop, framing), the
#: API's authentication and caching (customer documents are never cached), what the API and
#: CORS answer themselves, and the transport's security.
REFUSED_HEADERS = frozenset({
    "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
    "content-length", "content-type", "content-encoding", "content-range",
    "authorization", "www-authenticate", "proxy-authenticate", "proxy-authorization", "set-cookie",
    "cache-control", "expires", "pragma", "age", "etag", "last-modified", "vary",
    "location", "retry-after", "allow", "date", "x-request-id",
    "strict-transport-security", "x-content-type-options",
})
REFUSED_HEADER_PREFIXES = ("access-control-",)

DOCUMENT_KEYS = ("_v", "clients")
CLIENT_KEYS = ("client_id", "allowed_origins", "response_headers", "resources")
RESOURCE_KEYS = ("resource_id", "methods", "read_attributes", "write_attributes", "cache_time",
                 "personalized_caching_enabled", "version_range")
VERSION_RANGE_KEYS = ("from", "until")
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\Z")


@dataclass(frozen=True)
class SettingsError:
    """What is wrong, and where: a JSON path, or a line and column of the text."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self):
        if self.line is not None:
            return f"line {self.line}, column {self.column}: {self.message}"
        return f"{self.path or 'the document'}: {self.message}"


@dataclass(frozen=True)
class Validation:
    errors: tuple[SettingsError, ...]
    document: SettingsDocument | None  # compiled when there is no error

    @property
    def valid(self) -> bool:
        return not self.errors


def validate_ocapi_settings(text: str) -> Validation:
    """Parse and check a whole document; used by the service, the admin and the command."""
    parsed, errors = _parse(text)
    if errors:
        return Validation(tuple(errors), None)
    checker = _Checker()
    document = checker.document(parsed)
    if checker.errors:
        return Validation(tuple(checker.errors), None)
    return Validation((), document)


class _Object(dict):
    """A JSON object that remembers the keys it was given twice."""

    duplicates: tuple[str, ...] = ()


def _object(pairs):
    result = _Object(pairs)
    if len(result) != len(pairs):
        seen, twice = set(), []
        for key, _ in pairs:
            if key in seen and key not in twice:
                twice.append(key)
            seen.add(key)
        result.duplicates = tuple(twice)
    return result


def _no_constant(name):
    raise ValueError(f"{name} is not JSON")


def _parse(text):
    if not isinstance(text, str):
        return None, [SettingsError("", "the document is text (JSON)")]
    if len(text) > MAX_TEXT_LENGTH:
        return None, [SettingsError("", f"the document is longer than {MAX_TEXT_LENGTH} characters")]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        column = text.index("\x00") - (text.rfind("\n", 0, text.index("\x00")) + 1) + 1
        return None, [SettingsError("", "a NUL character is not allowed", line, column)]
    if not text.strip():
        return None, [SettingsError("", "the document is empty", 1, 1)]
    try:
        return json.loads(text, object_pairs_hook=_object, parse_constant=_no_constant), []
    except json.JSONDecodeError as error:
        return None, [SettingsError("", f"not valid JSON: {error.msg}", error.lineno, error.colno)]
    except ValueError as error:
        return None, [SettingsError("", f"not valid JSON: {error}")]
    except RecursionError:
        return None, [SettingsError("", "not valid JSON: nested too deeply")]


def _type_name(value):
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "an array"}.get(
        type(value), "an object")


def _check_selector(value, path):
    """The error of a ``read_attributes``/``write_attributes`` value, or None: the grammar
    of ``select`` (``shopsite.selection``), with the position of what is wrong."""
    if not isinstance(value, str):
        return SettingsError(path, f"a selector is a string such as '(**)', not {_type_name(value)}")
    try:
        parse_selector(value)
    except SelectorSyntaxError as error:
        return SettingsError(path, f"not a valid selector at position {error.position}: {error.message} "
                                   f"({value[:80]!r})")
    return None


class _Checker:
    def __init__(self):
        self.errors = []

    def error(self, path, message):
        self.errors.append(SettingsError(path, message))

    def object_of(self, value, path, keys, what):
        """The value as an object with only ``keys`` (else None, the error noted)."""
        if not isinstance(value, dict):
            self.error(path, f"{what} is an object, not {_type_name(value)}")
            return None
        for key in getattr(value, "duplicates", ()):
            self.error(_join(path, key), "given twice in the same object")
        for key in value:
            if key not in keys:
                self.error(_join(path, key), f"unknown key (known: {', '.join(keys)})")
        return value

    def document(self, value):
        document = self.object_of(value, "", DOCUMENT_KEYS, "the document")
        if document is None:
            return None
        version = document.get("_v")
        if "_v" not in document:
            self.error("_v", "missing: the version of the settings structure, e.g. \"19.5\"")
        elif not isinstance(version, str) or not SETTINGS_VERSION.match(version):
            self.error("_v", f"a version such as \"19.5\", not {json.dumps(version)[:40]}")
        if "clients" not in document:
            self.error("clients", "missing: the list of clients")
            return None
        clients = document["clients"]
        if not isinstance(clients, list):
            self.error("clients", f"a list of clients, not {_type_name(clients)}")
            return None
        compiled, first_at = {}, {}
        for index, client in enumerate(clients):
            client_id = client.get("client_id") if isinstance(client, dict) else None
            if isinstance(client_id, str) and client_id in first_at:
                self.error(f"clients[{index}].client_id",
                           f"client '{client_id[:64]}' is listed twice (first at {first_at[client_id]})")
                continue
            if isinstance(client_id, str):
                first_at[client_id] = f"clients[{index}]"
            rules = self.client(client, f"clients[{index}]")
            if rules is not None:
                compiled[rules.client_id] = rules
        return SettingsDocument(version=version if isinstance(version, str) else "", clients=compiled)

    def client(self, value, path):
        client = self.object_of(value, path, CLIENT_KEYS, "a client")
        if client is None:
            return None
        before = len(self.errors)
        client_id = client.get("client_id")
        if "client_id" not in client:
            self.error(_join(path, "client_id"), "missing")
        elif not isinstance(client_id, str) or not client_id:
            self.error(_join(path, "client_id"), f"a client id is a non-empty string, not {_type_name(client_id)}")
        elif len(client_id) > 64 or not CLIENT_ID.regex.match(client_id):
            self.error(_join(path, "client_id"), "a client id has at most 64 characters, no ':' and no spaces")
        origins = self.origins(client["allowed_origins"], _join(path, "allowed_origins")) \
            if "allowed_origins" in client else None
        headers = self.headers(client.get("response_headers", {}), _join(path, "response_headers"))
        resources = client.get("resources", [])
        rules = []
        if not isinstance(resources, list):
            self.error(_join(path, "resources"), f"a list of resource entries, not {_type_name(resources)}")
        else:
            seen = {}  # resource id, resource names in lower case -> [(pattern, where)]
            for index, entry in enumerate(resources):
                where = f"{path}.resources[{index}]"
                resource_id = entry.get("resource_id") if isinstance(entry, dict) else None
                first = _listed_before(resource_id, seen, where)
                if first is not None:
                    same = first[0].text == resource_id
                    self.error(f"{where}.resource_id", f"'{resource_id[:100]}' is listed twice for this client "
                                                       f"(first at {first[1]}"
                                                       + (")" if same else f" as '{first[0].text[:100]}': resource "
                                                                          "names are compared case-insensitively)"))
                    continue
                rule = self.resource(entry, where)
                if rule is not None:
                    rules.append(rule)
        if len(self.errors) != before:
            return None
        return ClientRules(client_id=client_id, path=path, allowed_origins=origins, response_headers=headers,
                           resources=tuple(rules))

    def origins(self, value, path):
        if not isinstance(value, list):
            self.error(path, f"a list of origins, not {_type_name(value)}")
            return None
        origins = []
        for index, origin in enumerate(value):
            where = f"{path}[{index}]"
            if not isinstance(origin, str):
                self.error(where, f"an origin is a string, not {_type_name(origin)}")
                continue
            problem = _origin_problem(origin)
            if problem:
                self.error(where, f"{problem}: {origin[:100]!r}")
                continue
            origins.append(canonical_origin(origin))
        return tuple(origins)

    def headers(self, value, path):
        if not isinstance(value, dict):
            self.error(path, f"an object of header names and values, not {_type_name(value)}")
            return ()
        for key in getattr(value, "duplicates", ()):
            self.error(_join(path, key), "given twice in the same object")
        headers, first_at = [], {}
        for name, header_value in value.items():
            where = _join(path, name)
            if name.lower() in first_at:
                first = first_at[name.lower()]
                self.error(where, f"'{name[:128]}' is given twice (first as '{first[:128]}'): header names are "
                                  "case-insensitive")
                continue
            first_at.setdefault(name.lower(), name)
            if not HEADER_NAME.match(name):
                self.error(where, "not a header name (letters, digits and !#$%&'*+.^_`|~- only, at most 128)")
            elif name.lower() in REFUSED_HEADERS or name.lower().startswith(REFUSED_HEADER_PREFIXES):
                self.error(where, f"the API sets '{name}' itself: a document may not (see README, OCAPI settings)")
            elif not isinstance(header_value, str):
                self.error(where, f"a header value is a string, not {_type_name(header_value)}")
            elif not HEADER_VALUE.match(header_value):
                self.error(where, "a header value is printable ASCII, at most 4096 characters (no line breaks)")
            else:
                headers.append((name, header_value))
        return tuple(headers)

    def resource(self, value, path):
        entry = self.object_of(value, path, RESOURCE_KEYS, "a resource entry")
        if entry is None:
            return None
        before = len(self.errors)
        pattern = None
        resource_id = entry.get("resource_id")
        if "resource_id" not in entry:
            self.error(_join(path, "resource_id"), "missing: e.g. \"/customers/*/addresses\"")
        elif not isinstance(resource_id, str):
            self.error(_join(path, "resource_id"), f"a resource id is a string, not {_type_name(resource_id)}")
        elif len(resource_id) > 1024:
            self.error(_join(path, "resource_id"), "a resource id has at most 1024 characters")
        else:
            try:
                pattern = ResourcePattern.compile(resource_id)
            except PatternSyntaxError as error:
                self.error(_join(path, "resource_id"), f"{error}: {resource_id[:100]!r}")
        methods = self.methods(entry, _join(path, "methods"))
        for key in ("read_attributes", "write_attributes"):
            if key in entry:
                problem = _check_selector(entry[key], _join(path, key))
                if problem:
                    self.errors.append(problem)
        cache_time = entry.get("cache_time")
        if "cache_time" in entry and (type(cache_time) is not int or not 0 <= cache_time <= MAX_CACHE_TIME):
            self.error(_join(path, "cache_time"), f"seconds, a whole number from 0 to {MAX_CACHE_TIME}, not "
                                                  f"{json.dumps(cache_time)[:40]}")
        personalized = entry.get("personalized_caching_enabled")
        if "personalized_caching_enabled" in entry and not isinstance(personalized, bool):
            self.error(_join(path, "personalized_caching_enabled"), f"true or false, not {_type_name(personalized)}")
        version_range = self.version_range(entry["version_range"], _join(path, "version_range")) \
            if "version_range" in entry else None
        if len(self.errors) != before:
            return None
        return ResourceRule(
            path=path, resource_id=resource_id, pattern=pattern, methods=methods,
            read_attributes=entry.get("read_attributes", ALL_PROPERTIES),
            write_attributes=entry.get("write_attributes", ALL_PROPERTIES),
            cache_time=cache_time, personalized_caching_enabled=personalized, version_range=version_range,
        )

    def methods(self, entry, path):
        if "methods" not in entry:
            self.error(path, "missing: a list of methods, e.g. [\"get\", \"post\"]")
            return frozenset()
        methods = entry["methods"]
        if not isinstance(methods, list):
            self.error(path, f"a list of methods, not {_type_name(methods)}")
            return frozenset()
        seen = set()
        for method in methods:
            if not isinstance(method, str):
                self.error(path, f"a method is a string, not {_type_name(method)}")
            elif method not in METHODS:
                hint = " (methods are written in lower case)" if method.lower() in METHODS else ""
                self.error(path, f"unknown method '{method[:40]}'{hint}; known: {', '.join(METHODS)}")
            elif method in seen:
                self.error(path, f"method '{method}' is listed twice")
            else:
                seen.add(method)
        return frozenset(seen)

    def version_range(self, value, path):
        version_range = self.object_of(value, path, VERSION_RANGE_KEYS, "a version range")
        if version_range is None:
            return None
        ends = {}
        for key in VERSION_RANGE_KEYS:
            if key not in version_range:
                continue
            end = version_range[key]
            if not isinstance(end, str) or not API_VERSION.match(end):
                self.error(_join(path, key), f"an API version such as \"16.4\", not {json.dumps(end)[:40]}")
            else:
                ends[key] = end
        if "from" in ends and "until" in ends and _version_key(ends["from"]) >= _version_key(ends["until"]):
            self.error(path, f"'from' ({ends['from']}, included) comes before 'until' ({ends['until']}, excluded)")
        return version_range.get("from"), version_range.get("until")


def _listed_before(resource_id, seen, where):
    """The (pattern, where) of an entry listed before with the same resource id, or None (and
    this one noted). Resource names compare case-insensitively, as matching compares them, ids
    exactly: two ids that differ only in the case of a segment are the same entry unless a
    served operation has a path parameter there."""
    if not isinstance(resource_id, str) or len(resource_id) > 1024:
        return None
    try:
        pattern = ResourcePattern.compile(resource_id)
    except PatternSyntaxError:
        return None  # the entry's own check says what is wrong
    key = (tuple(part.lower() for part in pattern.segments), pattern.any_depth)
    earlier = seen.setdefault(key, [])
    for first in earlier:
        if first[0].text == resource_id or _same_operations(first[0], pattern):
            return first
    earlier.append((pattern, where))
    return None


def _same_operations(first, second):
    """Whether two patterns that differ only in the case of some literal segments match the same
    requests: no served operation they may match has a path parameter (compared exactly) where
    they differ."""
    from shopsite.ocapi_settings.operations import served_operations  # the URL patterns: read only if needed

    differing = [index for index, (a, b) in enumerate(zip(first.segments, second.segments, strict=True)) if a != b]
    return not any(
        not operation.generic_path[index].literal
        for operation in served_operations() if first.may_match(operation.generic_path)
        for index in differing
    )


def _version_key(version):
    major, minor = API_VERSION.match(version).groups()
    return int(major), int(minor)


def _origin_problem(origin):
    try:
        parts = urlsplit(origin)
        parts.port  # noqa: B018  (a bad port raises)
    except ValueError:
        return "not an origin"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "an origin is scheme and host, e.g. 'https://shop.example.com'"
    if parts.path not in ("", "/") or parts.query or parts.fragment or "@" in parts.netloc or origin != origin.strip():
        return "an origin is scheme, host and port only (no path, query or user)"
    return None


def _join(path, key):
    """``clients[0].resources``; a key that is no identifier in brackets: ``response_headers["X-Shop"]``."""
    if not IDENTIFIER.match(key):
        return f"{path}[{json.dumps(key[:80])}]"
    return f"{path}.{key}" if path else key
