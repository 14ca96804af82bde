"""The operations shopsite serves, as OCAPI settings see them: read from the URL patterns.

An operation is a method of a URL pattern whose view is an ``OcapiViewSet`` (the OAuth token
endpoint, the JWKS, the API root and the docs are not). Nothing is listed by hand: a new
resource's ``urls.py`` adds its operations here, and to the ``resource_id`` patterns that
grant them. The patterns are read once per process (per URLconf).
"""
from dataclasses import dataclass, field
from functools import lru_cache

from django.urls import URLPattern, URLResolver, get_resolver, get_urlconf

from shopsite.ocapi_settings.matching import TemplateSegment, generic_path, route_template, template_text


@dataclass(frozen=True)
class ServedOperation:
    method: str  # upper case
    template: tuple[TemplateSegment, ...]
    url_name: str | None = field(default=None, compare=False)  # shopsite.versions.INTRODUCED's key

    @property
    def path(self) -> str:
        return template_text(self.template)

    def __str__(self):
        return f"{self.method} {self.path}"

    @property
    def generic_path(self):
        return generic_path(self.template)


def _walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.callback, pattern.name


def served_operations() -> tuple[ServedOperation, ...]:
    return _served_operations(get_urlconf())


@lru_cache(maxsize=8)
def _served_operations(urlconf):
    from shopsite.api import OcapiViewSet  # shopsite.api imports the access layer, which imports this package

    operations = {}
    for route, callback, name in _walk(get_resolver(urlconf).url_patterns):
        view = getattr(callback, "cls", None)
        if not (isinstance(view, type) and issubclass(view, OcapiViewSet)):
            continue
        template = route_template(route)
        if template is None:
            continue
        for method in getattr(callback, "actions", {}):
            if method != "head":  # GET's, as DRF serves it
                operation = ServedOperation(method.upper(), template, name)
                operations.setdefault(str(operation), operation)
    return tuple(operations.values())
