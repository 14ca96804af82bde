"""A test-only URLconf: the real one plus small endpoints exercising the plumbing."""
from django.db import transaction
from django.urls import include, path

from shopsite import etags, hooks
from shopsite.api import OcapiViewSet, document_response
from shopsite.documents import document, split_custom_attributes
from shopsite.models import Site
from shopsite.paging import Paging
from shopsite.urls import urlpatterns as real_patterns

ITEMS = [{"_type": "item", "item_id": f"item{n:02d}"} for n in range(25)]


class PlumbingViewSet(OcapiViewSet):
    permission_classes = []

    def echo(self, request):
        regular, custom = split_custom_attributes(request.data)
        return document_response(document("echo", regular, custom))

    def items(self, request):
        paging = Paging.from_request(request, default_count=10)
        data = ITEMS[paging.start : paging.start + paging.count]
        return document_response(paging.result(request, "item_result", data, len(ITEMS)))

    def site(self, request):
        doc = document("site", {"site_id": self.site.site_id, "name": self.site.name})
        return document_response(doc, etag=etags.etag_of(doc))

    @transaction.atomic
    def patch_site(self, request):
        site = Site.objects.select_for_update().get(pk=self.site.pk)
        current = etags.etag_of(document("site", {"site_id": site.site_id, "name": site.name}))
        etags.check_if_match(request.headers.get("If-Match"), current)
        site.name = request.data.get("name", site.name)
        site.save()
        doc = document("site", {"site_id": site.site_id, "name": site.name})
        return document_response(doc, etag=etags.etag_of(doc))

    @transaction.atomic
    def hooked(self, request):
        """Writes a site, then runs an extension point: an error Status must undo the write."""
        Site.objects.create(site_id=request.data.get("site_id", "Hooked"))
        hooks.EXTENSION_POINTS["dw.ocapi.shop.customer.beforePost"].run(sender=Site, registration=request.data)
        return document_response(document("echo", {"ok": True}))

    def crash(self, request):
        raise RuntimeError("provoked on purpose")

    def method(self, request):
        return document_response(document("echo", {"method": request.method}))


test_patterns = [
    path("_test/echo", PlumbingViewSet.as_view({"post": "echo"})),
    path("_test/items", PlumbingViewSet.as_view({"get": "items"})),
    path("_test/site", PlumbingViewSet.as_view({"get": "site", "patch": "patch_site"})),
    path("_test/hooked", PlumbingViewSet.as_view({"post": "hooked"})),
    path("_test/crash", PlumbingViewSet.as_view({"get": "crash"})),
    path("_test/method", PlumbingViewSet.as_view({"patch": "method", "put": "method", "delete": "method"})),
]

urlpatterns = [
    path("dw/shop/v16_4/", include(test_patterns)),
    path("s/<str:site_id>/dw/shop/v16_4/", include(test_patterns)),
    *real_patterns,
]

handler400 = "shopsite.faults.bad_request"
handler403 = "shopsite.faults.permission_denied"
handler404 = "shopsite.faults.page_not_found"
handler500 = "shopsite.faults.server_error"
