"""Request plumbing for the API paths, before URL resolution.

- resource names are case-insensitive (``/Customers/{id}/Addresses``), ids are not;
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

request_log = logging.getLogger("shopsite.requests")
OVERRIDABLE = {"PATCH", "PUT", "DELETE", "GET", "POST"}
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}\Z")


def loggable_path(path):
    return redact(path)[:512]


def normalise_api_path(path):
    """Lower-case the resource names of an API path, never the ids between them.

    ``/S/SiteGenesis/DW/Shop/v16_4/Customers/{id}/Addresses/{name}``: ``s``, ``dw``,
    ``shop`` and the resource names by their position; site, version and ids as sent.
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
    # Product lists nest deeper: /customers/{id}/product_lists/{list_id}/items/{item_id}/purchases/{id}.
    nested = len(resource) > 2 and resource[2].lower() == "product_lists"
    for index, segment in enumerate(resource):
        lowered = segment.lower()
        if (
            index in (0, 2)
            or (index == 1 and lowered in {"auth", "password_reset", "password"})
            or (index == 3 and resource[1].lower() == "password")
            or (index in (4, 6) and nested)
        ):
            resource[index] = lowered
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

    def prepare_api_request(self, request):
        request.path_as_sent = request.path_info  # what faults name (ClientAccessForbiddenException)
        request.path_info = normalise_api_path(request.path_info)
        request.path = normalise_api_path(request.path)
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
