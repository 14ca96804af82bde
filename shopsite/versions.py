"""The Shop API versions served, and the version that brought each operation: one table.

A version is named in URLs as ``v20_4`` and in documents as ``"20.4"`` (``_v``). Requests
of 16.x get exactly the 16.4 behaviour; what later versions add is listed in
``INTRODUCED`` by URL pattern name (an operation absent from it exists from 16.1), and
which documents a version answers with in ``EDITIONS``. Adding a version or an operation
is one line here plus the operation's code.

- ``shopsite.urls`` serves the API under ``dw/shop/<apiversion:version>/`` (``VersionConverter``:
  only the served names resolve; ``SHOPSITE_API_VERSIONS`` may narrow them);
- ``OcapiRequestMiddleware`` puts the version on the request (``request.api_version``; the views
  never get it as an argument), read everywhere with ``request_version(request)``;
- ``OcapiViewSet.initial`` answers an operation the version does not have as an unknown path;
- ``edition_of(version)`` says which documents the version answers with; each app's
  ``documents.py`` (and ``request_documents.py``, ``openapi.py``) keeps what differs per edition.
"""
import re
from dataclasses import dataclass
from functools import lru_cache, total_ordering

VERSION_NAME = re.compile(r"v(\d{2})_(\d{1,2})\Z")


@total_ordering
@dataclass(frozen=True)
class ApiVersion:
    major: int
    minor: int

    @classmethod
    def parse(cls, text: str) -> "ApiVersion":
        """``"20.4"`` (a document's ``_v``, a settings ``version_range``) as a version."""
        major, _, minor = text.partition(".")
        return cls(int(major), int(minor))

    @property
    def name(self) -> str:
        """As in URLs: ``v20_4``."""
        return f"v{self.major}_{self.minor}"

    @property
    def dotted(self) -> str:
        """As in documents: ``20.4``."""
        return f"{self.major}.{self.minor}"

    def __lt__(self, other: "ApiVersion") -> bool:
        return (self.major, self.minor) < (other.major, other.minor)

    def __str__(self) -> str:
        return self.dotted


def _range(major: int, last_minor: int) -> list[ApiVersion]:
    return [ApiVersion(major, minor) for minor in range(1, last_minor + 1)]


#: Every version served, oldest first (design: 16.1 … 23.2).
SUPPORTED = (
    _range(16, 9) + _range(17, 8) + _range(18, 10) + _range(19, 10) + _range(20, 10) + _range(21, 10)
    + _range(22, 10) + _range(23, 2)
)
V16_1 = ApiVersion(16, 1)
#: The version of the 16.4 contract, and the default of code that has no request at hand.
V16_4 = ApiVersion(16, 4)
V17_1 = ApiVersion(17, 1)
V18_1 = ApiVersion(18, 1)
V19_6 = ApiVersion(19, 6)
V20_4 = ApiVersion(20, 4)

#: URL pattern name -> the version that introduced the operation (absent: 16.1).
INTRODUCED: dict[str, ApiVersion] = {
    # customer product lists, their items; the public reads
    "customer-product-lists": V17_1,
    "customer-product-list": V17_1,
    "customer-product-list-items": V17_1,
    "customer-product-list-item": V17_1,
    "public-product-lists": V17_1,
    "public-product-list": V17_1,
    "public-product-list-items": V17_1,
    "public-product-list-item": V17_1,
    # product list item purchases; the reset token for a trusted server
    "customer-product-list-item-purchases": V18_1,
    "customer-product-list-item-purchase": V18_1,
    "customer-password-create-reset-token": V18_1,
    # a customer JWT for a trusted system
    "customer-auth-trustedsystem": V19_6,
}

#: The editions of the documents: (from this version on, the documents of that version), oldest
#: first. 16.x requests get the 16.4 documents; every later one the 20.4 swagger's (the design:
#: "requests of earlier versions that have an operation added after 16.4 get the 20.4 documents
#: too"; for the 16.4 operations 17.1 … 20.3 take them as well: the only later description there is).
EDITIONS: tuple[tuple[ApiVersion, ApiVersion], ...] = ((V16_1, V16_4), (V17_1, V20_4))
#: The documents' editions, oldest first (what documents.py modules key their differences by).
DOCUMENT_EDITIONS = tuple(edition for _, edition in EDITIONS)
NEWEST_EDITION = DOCUMENT_EDITIONS[-1]


def introduced_in(url_name: str | None) -> ApiVersion:
    """The version that brought the operation of this URL pattern (16.1: the seed's)."""
    return INTRODUCED.get(url_name, V16_1) if url_name else V16_1


def has_operation(version: ApiVersion, url_name: str | None) -> bool:
    """Whether ``version`` has the operation of that URL pattern name."""
    return introduced_in(url_name) <= version


def edition_of(version: ApiVersion) -> ApiVersion:
    """The edition of the documents a request of ``version`` gets (V16_4 or V20_4)."""
    edition = EDITIONS[0][1]
    for start, documents in EDITIONS:
        if version >= start:
            edition = documents
    return edition


# --- what is served --------------------------------------------------------------------------
@lru_cache(maxsize=256)
def _parsed(name: str) -> ApiVersion | None:
    match = VERSION_NAME.match(name)
    if match is None:
        return None
    version = ApiVersion(int(match[1]), int(match[2]))
    return version if version in SUPPORTED and version.name == name else None  # not v16_04


@lru_cache(maxsize=8)
def _served(names: tuple[str, ...] | None) -> tuple[tuple[ApiVersion, ...], frozenset[ApiVersion]]:
    if not names:
        return tuple(SUPPORTED), frozenset(SUPPORTED)
    wanted = {_parsed(name) for name in names}
    served = tuple(version for version in SUPPORTED if version in wanted)
    return served, frozenset(served)


def _served_now():
    from django.conf import settings

    names = getattr(settings, "SHOPSITE_API_VERSIONS", None)
    return _served(tuple(names) if names else None)


def served_versions() -> tuple[ApiVersion, ...]:
    """The versions served, oldest first: every supported one, or those the setting
    ``SHOPSITE_API_VERSIONS`` names (shopsite.checks refuses names it does not know)."""
    return _served_now()[0]


def unknown_version_names(names) -> list[str]:
    """The names of ``names`` that are no supported version (``SHOPSITE_API_VERSIONS``'s check)."""
    return [name for name in names if _parsed(name) is None]


def version_named(name: str) -> ApiVersion | None:
    """The served version a URL names (``v20_4``), or None."""
    version = _parsed(name)
    return version if version is not None and version in _served_now()[1] else None


def served_range() -> str:
    """The served versions as a fault names them: ``v16_1 … v23_2`` (runs of consecutive
    supported versions, separated by commas when the setting leaves gaps)."""
    served = _served_now()[1]
    runs, run = [], []
    for version in SUPPORTED:
        if version in served:
            run.append(version)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return ", ".join(run[0].name if len(run) == 1 else f"{run[0].name} … {run[-1].name}" for run in runs)


class VersionConverter:
    """The path converter of the version segment (``<apiversion:version>``), registered once in
    shopsite.urls: it takes any ``vNN_N`` and resolves only the served ones (another version's
    path then falls through to the API's not-found view, which names the served range)."""

    regex = r"v[0-9]+_[0-9]+"

    def to_python(self, value: str) -> ApiVersion:
        version = version_named(value)
        if version is None:
            raise ValueError(f"version {value!r} is not served")
        return version

    def to_url(self, value) -> str:
        return value.name if isinstance(value, ApiVersion) else str(value)


# --- the request's version -------------------------------------------------------------------
#: Where the version is in an API path: ``/dw/shop/<version>/`` or ``/s/<site>/dw/shop/<version>/``.
API_VERSION_SEGMENT = re.compile(r"^(?:/s/[^/]*)?/dw/shop/([^/]+)")


def version_segment(path: str) -> str | None:
    """The segment of a (normalised) API path where the version belongs, or None outside
    ``/dw/shop/``: ``v20_4``, or whatever a client sent there."""
    match = API_VERSION_SEGMENT.match(path)
    return match[1] if match else None


def request_version(request) -> ApiVersion:
    """The version a request was made in (``V16_4`` for one outside the versioned API, or naming
    a version that is not served)."""
    return getattr(request, "api_version", None) or V16_4


def request_edition(request) -> ApiVersion:
    """The edition of the documents the request gets (``edition_of`` its version)."""
    return edition_of(request_version(request))
