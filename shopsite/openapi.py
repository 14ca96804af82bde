"""The OpenAPI 3.1 description of the API (drf-spectacular): the plumbing and the registry.

Each domain app describes its own operations, documents, security schemes and links in its
``openapi`` module, written from the views' plain-dict documents (nothing is guessed from
serializers) with the building blocks of ``shopsite.openapi_blocks``, and registers them
here with ``register_app_description()``. This module imports no domain app: apps import
shopsite, never the reverse. The fault types, their statuses and meanings come from
``shopsite.faults``.

``annotate_views()`` (called by ``ShopsiteConfig.ready``) finds the apps' modules and puts
one ``extend_schema`` on each operation's view method (the viewsets' actions have OCAPI's
names, which ``extend_schema_view`` cannot see); the hooks below keep the default-site paths
only and add the components.

One schema per API version, served at ``/dw/shop/vNN_N/openapi.json`` (and ``.yaml``), with
Swagger UI at ``/dw/shop/vNN_N/docs/`` and ReDoc at ``/dw/shop/vNN_N/redoc/``: ``finish_schema``
keeps the operations the version has (``shopsite.versions.INTRODUCED``, by URL pattern name),
asks each app for its documents in the version's edition (``components(edition=...)``), writes
the version into every ``_v`` and the servers.
"""
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.module_loading import autodiscover_modules
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from shopsite import OCAPI_VERSION, faults
from shopsite.authentication import OAuthTokenAuthentication
from shopsite.hooks import EXTENSION_POINTS
from shopsite.openapi_blocks import SELECT_PARAMETER, header, ref, top_level
from shopsite.versions import V16_1, V16_4, ApiVersion, edition_of, has_operation, introduced_in, version_named

#: The API's paths as drf-spectacular sees them (the version is the servers' part of the URL).
API_PREFIX = "/dw/shop/{version}"


def schema_description(version: ApiVersion) -> str:
    """The schema's description for ``version``."""
    edition = edition_of(version)
    name, dotted = version.name, version.dotted
    return f"""\
The **Customers** resource of the Salesforce Commerce Cloud **OCAPI Shop API {dotted}**, as served
by shopsite: the 16.4 contract, with what later versions added up to {dotted}, and the documents of
{edition.dotted}. Every version from 16.1 to 23.2 has its own schema at `/dw/shop/vNN_N/openapi.json`
(16.x: the 16.4 contract; 17.1 and later: the 20.4 documents); operations added after 16.1 say since when.

**Sites.** The paths below serve the default site (`SiteGenesis`). Every operation is also served
for a named site under `/s/{{site_id}}/dw/shop/{name}/...` (the second server entry): the same
operations, so they are not listed twice. A token is valid only on the site that issued it.

**Authentication.** Storefronts get a customer JWT from `POST /customers/auth` (type `guest`,
`credentials` with `Authorization: Basic login:password`, `session`, or `refresh`; the token comes
back in the `Authorization` response header and is sent as `Authorization: Bearer ...`). Trusted
servers use an OAuth token from `POST /dw/oauth2/access_token` (`grant_type=client_credentials`,
`Authorization: Basic client_id:secret`) and may act on any customer of the site; with a customer
JWT an operation on another customer answers `400 InvalidCustomerException`. The client id is
passed as `client_id` query parameter or `x-dw-client-id` header (required by `POST /customers/auth`).
Agents (staff users) obtain OAuth tokens with the agent grant and act only through on-behalf
tokens (`POST /customers/{{customer_id}}/auth`).

**Documents.** JSON by default; XML with `format=xml` or `Accept: application/xml` (requests too,
with `Content-Type: application/xml`), the root element named by `_type`. Every response document
carries `_v` ("{dotted}") and `_type`; unset values are omitted, never `null`. Date-times are
UTC with milliseconds (`2015-09-09T15:50:53.142Z`). Custom attributes are any `c_*` property, stored
and returned as given (`null` in a PATCH removes one). A POST with `x-dw-http-method-override:
PATCH|PUT|DELETE` runs as that method. Customer data is sent with
`Cache-Control: no-cache,no-store,must-revalidate`.

**OCAPI settings.** Where the shop has OCAPI settings (Business Manager's *Open Commerce API Settings*
document, global or per site), a client may call only the operations its `resources` entries grant
(an entry with a `version_range` only in those versions): any other answers
`403 ClientAccessForbiddenException` (arguments `method`, `resource`, `clientId`),
and nothing runs. The client is the token's, or the `client_id` the request names; there, an
operation without a token needs one (`400 MissingClientIdException`). Without any document every
registered client may call every operation.

**Faults.** Every error is a fault document `{{"_v": "{dotted}", "_type": "fault", "fault":
{{"type", "message", "arguments"}}}}`. Each operation lists the fault types it answers, by status.
Bodies over 5 MB get `413`; throttled operations `429` with `Retry-After`. An operation this version
does not have, like an unknown path, is `404 NotFoundException`.
"""


# --- faults -------------------------------------------------------------------------------
#: Every fault class of shopsite.faults, by class name (status_code, meaning, its fault type).
FAULTS = {
    cls.__name__: cls
    for cls in vars(faults).values()
    if isinstance(cls, type) and issubclass(cls, faults.OcapiFault) and cls is not faults.OcapiFault
}


def fault_type_name(fault_class) -> str:
    """The type a fault class answers: its name, or the type it is a status variant of."""
    return fault_class.type_name or fault_class.__name__


#: Every fault type clients may see.
FAULT_TYPES = sorted({fault_type_name(cls) for cls in FAULTS.values()})

# The faults that come with a kind of operation, for the apps' operations to list.
EVERY_OPERATION = (faults.ParameterConstraintViolationException, faults.ClientAccessForbiddenException,
                   faults.NotFoundException, faults.MethodNotAllowedException, faults.RequestEntityTooLargeException)
#: ``ReadOnlyPropertyException``: a property the document may not set, also where a client's
#: OCAPI settings limit what it writes (``write_attributes``), on any operation with a body.
WITH_BODY = (faults.MalformedDocumentException, faults.PropertyConstraintViolationException,
             faults.ReadOnlyPropertyException, faults.UnsupportedMediaTypeException)
WITH_TOKEN = (faults.InvalidAccessTokenException, faults.ExpiredTokenException,
              faults.InsufficientPermissionsException)
THROTTLED = (faults.TooManyRequestsException,)
IF_MATCH = (faults.InvalidIfMatchException,)
HOOKS = (faults.HookStatusException,)


def fault_responses(fault_types):
    """The operation's fault responses, by status, each naming its fault types and what they mean."""
    by_status = {}
    for fault_type in dict.fromkeys(fault_types):
        by_status.setdefault(fault_type.status_code, []).append(fault_type)
    responses = {}
    for status, fault_types_of_status in sorted(by_status.items()):
        fault_types_of_status.sort(key=fault_type_name)
        names = [fault_type_name(fault_type) for fault_type in fault_types_of_status]
        table = "\n".join(f"| `{fault_type_name(fault_type)}` | {fault_type.meaning} |"
                          for fault_type in fault_types_of_status)
        schema = {"allOf": [ref("fault"), {"properties": {"fault": {"properties": {"type": {"enum": names}}}}}]}
        responses[status] = OpenApiResponse(schema, description=f"A fault document.\n\n| Fault type | Meaning |\n"
                                                                f"|---|---|\n{table}")
    return responses


def fault_component():
    """The fault document every error answers with (``shopsite.faults``)."""
    return {
        "type": "object",
        "description": "The fault document every error answers with.",
        "properties": {
            "_v": {"type": "string", "const": OCAPI_VERSION},
            "_type": {"type": "string", "const": "fault"},
            "fault": {
                "type": "object",
                "properties": {
                    "type": {"type": "string", "enum": FAULT_TYPES, "description": "The fault type."},
                    "message": {"type": "string"},
                    "arguments": {"type": "object", "description": "Values naming what caused the fault."},
                },
                "required": ["type", "message"],
                "additionalProperties": False,
            },
        },
        "required": ["_v", "_type", "fault"],
        "additionalProperties": False,
    }


# --- what an app describes ----------------------------------------------------------------
OAUTH = {"oauthToken": []}
NO_AUTH = {}

#: The security scheme of shopsite's own authentication (the apps register theirs).
OAUTH_SCHEME = {
    "type": "oauth2",
    "description": "An OAuth token of `POST /dw/oauth2/access_token`: `grant_type=client_credentials` "
                   "with `Authorization: Basic base64(client_id:secret)` for a trusted server (any customer "
                   "of the site), or the agent grant `urn:demandware:params:oauth:grant-type:client-id:"
                   "dwsid:dwsecuretoken` with `?client_id=` and `Authorization: Basic "
                   "base64(username:password:client_secret)` for a customer-service agent.",
    "flows": {"clientCredentials": {"tokenUrl": "/dw/oauth2/access_token", "scopes": {}}},
}


class Success(NamedTuple):
    """A successful response: its body's schema (or None), description and headers."""

    schema: dict | None
    description: str
    headers: dict


def success(*, component: str | None = None, description: str = "", headers: dict | None = None) -> Success:
    """A successful response whose body, if any, is the top-level document ``component``."""
    return Success(top_level(component) if component else None, description, headers or {})


@dataclass(frozen=True, kw_only=True)
class Operation:
    """One operation of the API: the view method serving it and what the schema says of it."""

    view: type  # the viewset class
    action: str  # the method of ``view`` that serves the operation
    operation_id: str
    summary: str
    tag: str
    security: list
    responses: dict  # status -> Success
    faults: tuple = ()  # fault classes (EVERY_OPERATION is added)
    parameters: list = field(default_factory=list)
    request: str | None = None  # the component of the request body
    hooks: tuple = ()  # names of shopsite.hooks.EXTENSION_POINTS
    description: str = ""


@dataclass(frozen=True, kw_only=True)
class Link:
    """A stateful link: after ``source`` answered ``status``, ``target`` with these ``parameters``."""

    source: str  # operation id
    status: int
    target: str  # operation id
    parameters: dict


@dataclass(frozen=True, kw_only=True)
class AppDescription:
    """What one app contributes to the schema (see register_app_description)."""

    operations: Callable[[], list]  # -> [Operation]
    components: Callable[..., dict]  # (edition=...) -> {name: JSON Schema}
    security_schemes: dict
    links: tuple

    def components_of(self, edition: ApiVersion) -> dict:
        """The app's documents in that edition (shopsite.versions.DOCUMENT_EDITIONS); an app whose
        ``components`` takes no ``edition`` has one edition only."""
        if "edition" in inspect.signature(self.components).parameters:
            return self.components(edition=edition)
        return self.components()


#: app label -> its AppDescription, in the order of INSTALLED_APPS (the order of the schema).
APP_DESCRIPTIONS = {}


def register_app_description(
    *,
    app_label: str,
    operations: Callable[[], list],
    components: Callable[[], dict],
    security_schemes: dict | None = None,
    links: tuple = (),
) -> None:
    """Called by each app's ``openapi`` module when it is imported (see ``annotate_views``).

    ``operations`` and ``components`` are called later, once every app is registered, so that
    an app may use what others contributed (the expansions of the customer document), and
    components reflect the settings of the moment the schema is generated. ``components`` may
    take an ``edition`` keyword (``shopsite.versions.V16_4`` or ``V20_4``): the edition of the
    documents of the schema's version; their ``_v`` is written by ``finish_schema``.
    """
    APP_DESCRIPTIONS[app_label] = AppDescription(operations=operations, components=components,
                                                 security_schemes=security_schemes or {}, links=tuple(links))


#: Every app's operations, once annotate_views() has run.
OPERATIONS = []


def _description(operation):
    parts = [operation.description] if operation.description else []
    if operation.hooks:
        for name in operation.hooks:
            assert name in EXTENSION_POINTS, name
        parts.append("Extension points: " + ", ".join(_hook_text(EXTENSION_POINTS[name]) for name in operation.hooks)
                     + ".")
    return "\n\n".join(parts)


def _hook_text(point):
    """An extension point as an operation's description names it: with its version, if a later one's."""
    return f"`{point.name}`" if point.since == V16_1 else f"`{point.name}` (from {point.since})"


REQUEST_MEDIA_TYPES = ("application/json", "application/xml")


def answers_a_document(operation) -> bool:
    """Whether a success of the operation has a body: ``select`` (shopsite.selection) applies to it."""
    return any(ok.schema is not None for ok in operation.responses.values())


#: The version of the URL is the servers' part, not a parameter of the operations.
VERSION_PARAMETER = OpenApiParameter("version", str, OpenApiParameter.PATH, exclude=True)


def _extend(operation):
    responses = {status: OpenApiResponse(ok.schema, description=ok.description)
                 for status, ok in operation.responses.items()}
    responses.update(fault_responses((*operation.faults, *EVERY_OPERATION)))
    parameters = [*operation.parameters, SELECT_PARAMETER] if answers_a_document(operation) else operation.parameters
    return extend_schema(
        operation_id=operation.operation_id,
        summary=operation.summary,
        description=_description(operation),
        tags=[operation.tag],
        auth=operation.security,
        parameters=[*parameters, VERSION_PARAMETER],
        request=({media_type: ref(operation.request) for media_type in REQUEST_MEDIA_TYPES}
                 if operation.request else None),
        responses=responses,
    )


_annotated = False


def annotate_views() -> None:
    """Put each operation's ``extend_schema`` on its view method (once, from ShopsiteConfig.ready).

    The apps register when their ``openapi`` module is imported, found here as the admin finds
    ``admin.py`` (``autodiscover_modules``), rather than in their AppConfig.ready(): shopsite
    comes first in INSTALLED_APPS, so its ready() runs before theirs, and shopsite must not
    name the apps it serves.
    """
    global _annotated
    if _annotated:
        return
    autodiscover_modules("openapi")
    for description in APP_DESCRIPTIONS.values():
        OPERATIONS.extend(description.operations())
    for operation in OPERATIONS:
        view = operation.view
        assert operation.action in vars(view), f"{view.__qualname__}.{operation.action} is not defined there"
        _extend(operation)(getattr(view, operation.action))
    _annotated = True


# --- drf-spectacular plumbing ------------------------------------------------------------
class OcapiAutoSchema(AutoSchema):
    """Our documents are never bare lists: no list wrapping for ``list`` actions."""

    def _is_list_view(self, serializer=None):
        return False


class OAuthTokenScheme(OpenApiAuthenticationExtension):
    target_class = OAuthTokenAuthentication
    name = "oauthToken"

    def get_security_definition(self, auto_schema):
        return OAUTH_SCHEME


def default_site_only(endpoints):
    """PREPROCESSING_HOOK: the API's operations under /dw/shop/{version}/ only.

    The same operations under /s/{site_id}/dw/shop/{version}/ are described by the second
    server entry; the OAuth endpoint and the docs views are not operations of this API.
    """
    from shopsite.api import OcapiViewSet

    return [
        (path, path_regex, method, callback)
        for path, path_regex, method, callback in endpoints
        if path.startswith(API_PREFIX + "/") and issubclass(getattr(callback, "cls", object), OcapiViewSet)
    ]


#: The order of the operations of a path: drf-spectacular takes a viewset's methods from a set,
#: so without it their order changed with each process's hash seed (PYTHONHASHSEED).
METHOD_ORDER = ("get", "post", "put", "patch", "delete", "head", "options", "trace")


def schema_version(generator, request) -> ApiVersion:
    """The version a schema describes: the request's (``/dw/shop/v20_4/openapi.json``), or
    ``manage.py spectacular --api-version v20_4`` (also ``20.4``); 16.4 otherwise."""
    if request is not None and getattr(request, "api_version", None) is not None:
        return request.api_version
    named = getattr(generator, "api_version", None)
    if named:
        text = str(named)
        return version_named(text) or version_named("v" + text.replace(".", "_")) or V16_4
    return V16_4


def _set_version(node, dotted):
    """Every ``_v`` of the schema (consts, examples) is the version's."""
    if isinstance(node, list):
        for item in node:
            _set_version(item, dotted)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "_v" and isinstance(value, dict) and "const" in value:
                value["const"] = dotted
            elif key == "_v" and value == OCAPI_VERSION:
                node[key] = dotted
            else:
                _set_version(value, dotted)


def _url_names():
    """``"GET /customers/{customer_id}"`` -> its URL pattern's name (INTRODUCED's key)."""
    from shopsite.ocapi_settings.operations import served_operations

    return {str(operation): operation.url_name for operation in served_operations()}


def finish_schema(result, generator, request, public):
    """POSTPROCESSING_HOOK: the operations the version has (each one added after 16.1 says since
    when); the apps' components in the version's edition, security schemes and links; the version
    in the title, the servers and every ``_v``; each path's operations in METHOD_ORDER."""
    version = schema_version(generator, request)
    names = _url_names()
    for path, path_item in list(result["paths"].items()):
        for method, operation in list(path_item.items()):
            name = names.get(f"{method.upper()} {path}")
            if not has_operation(version, name):
                del path_item[method]
            elif introduced_in(name) > V16_1:
                since = f"Since {introduced_in(name).dotted}."
                operation["description"] = f"{since}\n\n{operation['description']}".strip() \
                    if operation.get("description") else since
        if not path_item:
            del result["paths"][path]
    result["info"]["title"] = f"shopsite: OCAPI Shop API {version.dotted}, Customers"
    result["info"]["version"] = version.dotted
    result["info"]["description"] = schema_description(version)
    result["servers"] = [
        {"url": f"/dw/shop/{version.name}", "description": "The default site"},
        {"url": f"/s/{{site_id}}/dw/shop/{version.name}", "description": "A named site",
         "variables": {"site_id": {"default": "SiteGenesis"}}},
    ]
    for path, path_item in result["paths"].items():
        result["paths"][path] = dict(sorted(path_item.items(), key=lambda item: METHOD_ORDER.index(item[0])))
    components = result.setdefault("components", {})
    schemas = {}
    security_schemes = {}
    edition = edition_of(version)
    for app in APP_DESCRIPTIONS.values():
        schemas.update(app.components_of(edition))
        security_schemes.update(app.security_schemes)
    schemas["fault"] = fault_component()
    security_schemes["oauthToken"] = OAUTH_SCHEME
    components["schemas"] = {**schemas, **components.get("schemas", {})}
    components["securitySchemes"] = security_schemes
    by_id = {}
    for path_item in result["paths"].values():
        for operation in path_item.values():
            by_id[operation["operationId"]] = operation
    for operation in OPERATIONS:
        if operation.operation_id not in by_id:
            continue  # not in this version
        responses = by_id[operation.operation_id]["responses"]
        if operation.request and operation.action != "partial_update":  # a PATCH may change nothing
            by_id[operation.operation_id]["requestBody"]["required"] = True
        for status, ok in operation.responses.items():
            if ok.headers:
                responses[str(status)]["headers"] = ok.headers
        if "429" in responses:
            responses["429"]["headers"] = {"Retry-After": header("Seconds to wait before retrying.")}
        if "401" in responses:
            responses["401"]["headers"] = {"WWW-Authenticate": header('`Bearer realm="shopsite"`.')}
    for app in APP_DESCRIPTIONS.values():
        for link in app.links:
            if link.source in by_id and link.target in by_id:
                links = by_id[link.source]["responses"][str(link.status)].setdefault("links", {})
                links[link.target] = {"operationId": link.target, "parameters": link.parameters}
    _set_version(result["components"], version.dotted)
    _set_version(result["paths"], version.dotted)
    return result
