"""The schema and docs views of each version: ``/dw/shop/vNN_N/openapi.json`` (and ``.yaml``),
``docs/`` (Swagger UI) and ``redoc/`` (ReDoc).

drf-spectacular's views, told the version of the URL (``request.api_version``): the schema
is the version's (``shopsite.openapi.finish_schema`` reads it from the request), and the
pages load the schema of their own version.
"""
from django.http import HttpResponseRedirect
from django.urls import reverse
from drf_spectacular.views import (
    SpectacularJSONAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
    SpectacularYAMLAPIView,
)

from shopsite.versions import request_version


class SchemaJSONView(SpectacularJSONAPIView):
    pass


class SchemaYAMLView(SpectacularYAMLAPIView):
    pass


def _schema_url(request):
    return reverse("openapi-json", kwargs={"version": request_version(request)})


class SwaggerView(SpectacularSwaggerView):
    def _get_schema_url(self, request):
        self.url = _schema_url(request)
        return super()._get_schema_url(request)


class RedocView(SpectacularRedocView):
    template_name = "openapi/redoc.html"

    def _get_schema_url(self, request):
        self.url = _schema_url(request)
        return super()._get_schema_url(request)


def with_slash(request, *args, **kwargs):
    """``docs`` and ``redoc`` without their slash: to the page."""
    return HttpResponseRedirect(request.path + "/")
