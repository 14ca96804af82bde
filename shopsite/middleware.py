"""Request plumbing for the API paths, before URL resolution.

- resource names are case-insensitive (``/Customers/{id}/Addresses``), ids are not;
- the version the path names is the request's (``request.api_version``, see shopsite.versions);
- a POST with ``x-dw-http-method-override`` (or ``?method=``) runs as that method;
- bodies above DATA_UPLOAD_MAX_MEMORY_SIZE get 413, before anything parses them;
- every response carries an ``X-Request-ID``, and every request leaves one structured
  log line (``shopsite.requests``): method, path, status, duration and that id — never a
  header, a query string or a body, so no password, token or card number reaches the logs.
"""
import json
import logging
import re
import time
import uuid

from django.core.exceptions import RequestDataTooBig

from shopsite import faults
from shopsite.lookups import has_nul
from shopsite.redaction import redact
from shopsite.versions import version_named, version_segment

request_log = logging.getLogger("shopsite.requests")
OVERRIDABLE = {"PATCH", "PUT", "DELETE", "GET", "POST"}
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}\Z")


def loggable_path(path):
    return redact(path)[:512]


#: Words that stand where a collection's id would (``/customers/auth``): from there on every
#: segment is a name (``/customers/auth/trustedsystem``, ``/customers/password/actions/reset``).
NAMES_IN_ID_POSITION = frozenset({"auth", "password", "password_reset"})
#: Collections whose ids may hold a ``/`` (an address name sent with ``%2F``, decoded in the path):
#: everything after their name is the id.
ID_TAKES_THE_REST = frozenset({"addresses"})


def normalise_api_path(path):
    """Lower-case the resource names of an API path, never the ids between them.

    ``/S/SiteGenesis/DW/Shop/v16_4/Customers/{id}/Addresses/{name}``: ``s``, ``dw``,
    ``shop`` and the resource names by their position; site, version and ids as sent.
    After the version, a path alternates name and id (``customers/{id}/product_lists/{id}/
    items/{id}/purchases/{id}``, ``product_lists/{id}/items/{id}``): even positions are names,
    odd ones ids, but a word of NAMES_IN_ID_POSITION in the first id's place, after which
    every segment is a name, and the id after a name of ID_TAKES_THE_REST, which is the rest.
    """
    parts = path.split("/")
    start = 1
    if len(parts) > 3 and parts[1].lower() == "s":
        parts[1] = "s"
        start = 3
    if len(parts) <= start + 1 or parts[start].lower() != "dw":
        return path
    parts[start] = "dw"
    if parts[start + 1].lower() != "shop":
        parts[start + 1 :] = [part.lower() for part in parts[start + 1 :]]  # /dw/oauth2/access_token
        return "/".join(parts)
    parts[start + 1] = "shop"
    resource = parts[start + 3 :]  # after the version
    names_only = False
    for index, segment in enumerate(resource):
        lowered = segment.lower()
        if index == 1 and lowered in NAMES_IN_ID_POSITION:
            names_only = True
        if index % 2 == 0 or names_only:
            resource[index] = lowered
            if lowered in ID_TAKES_THE_REST and not names_only:
                break
    return "/".join(parts[: start + 3] + resource)


class OcapiRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
        if faults.is_api_path(normalise_api_path(request.path_info)):
            response = self.prepare_api_request(request)
            if response is None:
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        if request_log.isEnabledFor(logging.INFO):
            request_log.info(json.dumps({
                "request_id": request.request_id,
                "method": request.method,
                "path": loggable_path(request.path),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            }))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """The version of the URL (``<apiversion:version>``) is the request's, not the view's:
        kept out of the views' arguments (the URL's own kwargs, ``resolver_match.kwargs``)."""
        view_kwargs.pop("version", None)

    def prepare_api_request(self, request):
        request.path_as_sent = request.path_info  # what faults name (ClientAccessForbiddenException)
        request.path_info = normalise_api_path(request.path_info)
        request.path = normalise_api_path(request.path)
        # The one place the request's version is set (None: no served version is named);
        # read with shopsite.versions.request_version.
        segment = version_segment(request.path_info)
        request.api_version = version_named(segment) if segment is not None else None
        if request.method == "POST":
            override = request.headers.get("x-dw-http-method-override") or request.GET.get("method")
            if override and override.strip().upper() in OVERRIDABLE:
                request.method = override.strip().upper()
        query_values = (value for _, values in request.GET.lists() for value in values)
        if has_nul(request.path_info) or any(has_nul(value) for value in query_values):
            # No database can look up a NUL; answer before anything tries.
            return faults.fault_response(
                request, faults.ParameterConstraintViolationException("The URL contains a NUL character.")
            )
        try:
            _ = request.body  # enforces DATA_UPLOAD_MAX_MEMORY_SIZE before any parser runs
        except RequestDataTooBig:
            return faults.fault_response(request, faults.RequestEntityTooLargeException())
        return None
