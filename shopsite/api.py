"""The base of every OCAPI view: site, client id, caller, headers.

Resource apps subclass ``OcapiViewSet`` and stay thin: parse, call a service, return a
document. Faults, formats, paging and ETags live in their own modules of this package.
"""
import time

from django.conf import settings
from rest_framework import viewsets
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from shopsite import faults
from shopsite.access import (
    AuthenticatedCaller,
    ClientAllowedBySettings,
    ClientWritesAllowedBySettings,
    TokenInScope,
    requested_client_id,
)
from shopsite.lookups import has_nul
from shopsite.models import ApiClient, Site
from shopsite.ocapi_settings.rules import ALL_PROPERTIES
from shopsite.prepared import PreparedQuery
from shopsite.selection import Selector, parse_selector, requested_selector, select_response
from shopsite.signals import api_write_succeeded
from shopsite.versions import has_operation, request_version

NO_CACHE = "no-cache,no-store,must-revalidate"
EXPIRED = "Thu, 01-Jan-1970 00:00:00 GMT"


# Every unauthenticated auth request runs this read: prepared once (see shopsite.prepared).
_ENABLED_CLIENT = PreparedQuery(
    lambda client_id: ApiClient.objects.order_by().filter(client_id=client_id, enabled=True), "\x1fclient-id"
)


def resolve_client(request, required=True):
    """The enabled ApiClient the request names; faults for missing, unknown or disabled."""
    client_id = requested_client_id(request)
    if client_id is None:
        if required:
            raise faults.MissingClientIdException("The client id is missing: pass client_id or x-dw-client-id.")
        return None
    found = _ENABLED_CLIENT(client_id) if not has_nul(client_id) else []
    client = found[0] if found else None
    if client is None:
        raise faults.InvalidClientIdException(f"The client id '{client_id[:64]}' is unknown or disabled.")
    return client


_site_cache = {}
SITE_CACHE_SECONDS = 60


def resolve_site(site_id=None):
    """The Site of the URL (default site without /s/{site_id}); unknown -> 404 fault
    (the storefront pages answer their HTML 404).

    Sites are configuration read on every request, so each process keeps them for a
    minute (a change in the admin reaches every server within that minute; saving a
    Site clears this process's copy at once).
    """
    site_id = site_id or settings.SHOPSITE_DEFAULT_SITE
    if has_nul(site_id):
        raise faults.NotFoundException("Site not found.")
    site, expires = _site_cache.get(site_id, (None, 0))
    if site is None or expires < time.monotonic():
        site = Site.objects.filter(site_id=site_id).first()
        if site is None:
            raise faults.NotFoundException(f"Site '{site_id[:64]}' not found.", siteId=site_id[:64])
        _site_cache[site_id] = (site, time.monotonic() + SITE_CACHE_SECONDS)
    return site


def forget_cached_sites(**kwargs):
    _site_cache.clear()


class OcapiViewSet(viewsets.ViewSet):
    """Answers operations the request's API version does not have as unknown paths, resolves
    the site before authentication, checks access (``shopsite.access``), applies
    the client's ``read_attributes`` and the request's ``select`` to the documents it answers
    with, adds the client's response headers (its OCAPI settings) and marks customer data as
    uncacheable."""

    site = None
    #: The request's ``select`` (shopsite.selection), read once access is granted.
    selector: Selector | None = None
    permission_classes = [AuthenticatedCaller, TokenInScope]
    #: Permissions of every operation, whatever ``permission_classes`` a view sets (operations
    #: without a caller too): after ``permission_classes``, before ``action_permissions``.
    client_permission_classes = [ClientAllowedBySettings]
    #: Permissions of single operations (action name -> classes), after those.
    action_permissions: dict = {}
    #: Permissions that read the request's document: last, once everything else allows the call.
    document_permission_classes = [ClientWritesAllowedBySettings]
    #: Agents' OAuth tokens only obtain on-behalf tokens; they act through those.
    accepts_agent_tokens = False
    #: The calling client's entry of the OCAPI settings in effect (ClientAllowedBySettings), if any,
    #: and the entry of its ``resources`` that granted the operation.
    client_settings = None
    client_resource = None

    def initial(self, request, *args, **kwargs):
        # An operation the request's version does not have is no resource at all: before the
        # site, the caller or the method are looked at (shopsite.versions.INTRODUCED).
        match = request.resolver_match
        if not has_operation(request_version(request), match.url_name if match is not None else None):
            raise faults.no_resource_at(request.path)
        self.site = resolve_site(self.kwargs.pop("site_id", None))
        super().initial(request, *args, **kwargs)
        # Before the operation runs: a malformed select is a 400 and nothing is written.
        self.selector = requested_selector(request)

    def get_permissions(self):
        classes = [*self.permission_classes, *self.client_permission_classes,
                   *self.action_permissions.get(self.action, ()), *self.document_permission_classes]
        return [permission() for permission in classes]

    def read_attributes(self, request) -> Selector | None:
        """What the calling client may read of this operation's documents (the
        ``read_attributes`` of OCAPI settings), applied before ``select``; None: everything."""
        entry = self.client_resource
        if entry is None or entry.read_attributes == ALL_PROPERTIES:
            return None
        return parse_selector(entry.read_attributes)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Every document answered (result documents as a whole), never a fault; the ETag
        # header, made from the whole document, stays.
        if response.status_code < 400 and isinstance(response.data, dict):
            response.data = select_response(response.data, self.selector, read_attributes=self.read_attributes(request))
        response["Cache-Control"] = NO_CACHE
        response["Expires"] = EXPIRED
        if self.client_settings is not None:
            for name, value in self.client_settings.response_headers:
                if name not in response:  # never one the API set (the document may not name those anyway)
                    response[name] = value
        if request.method not in SAFE_METHODS and response.status_code < 400:
            api_write_succeeded.send(sender=type(self), view=self, request=request, response=response)
        return response

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise faults.MethodNotAllowedException(f"The HTTP method '{request.method}' is not allowed here.")


def document_response(document, status=200, etag=None, headers=None):
    """A Response for a document, with its ETag when the resource has one."""
    response = Response(document, status=status, headers=headers)
    if etag:
        response["ETag"] = etag
    return response
