"""The Shop API versions served, and the version that brought each operation: one table.

A version is named in URLs as ``v20_4`` and in documents as ``"20.4"`` (``_v``). Requests
of 16.x get exactly the 16.4 behaviour; what later versions add is listed in
``INTRODUCED`` by URL pattern name (an operation absent from it exists from 16.1). Adding a
version or an operation is one line here plus the operation's code.
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
#: The version of the 16.4 contract, and the default of code that has no request at hand.
V16_4 = ApiVersion(16, 4)

#: URL pattern name -> the version that introduced the operation (absent: 16.1).
INTRODUCED: dict[str, ApiVersion] = {
    # Customer product lists and the public reads: 17.1; item purchases: 18.1 (design, Versions).
    **dict.fromkeys(("customer-product-lists", "customer-product-list", "customer-product-list-items",
                     "customer-product-list-item", "public-product-lists", "public-product-list",
                     "public-product-list-items", "public-product-list-item"), ApiVersion(17, 1)),
    **dict.fromkeys(("customer-product-list-item-purchases", "customer-product-list-item-purchase"),
                    ApiVersion(18, 1)),
}


@lru_cache(maxsize=256)
def version_named(name: str) -> ApiVersion | None:
    """The supported version a URL names (``v20_4``), or None."""
    match = VERSION_NAME.match(name)
    if match is None:
        return None
    version = ApiVersion(int(match[1]), int(match[2]))
    return version if version in SUPPORTED else None


def request_version(request) -> ApiVersion:
    """The version a request was made in (``V16_4`` for one outside the versioned API)."""
    return getattr(request, "api_version", None) or V16_4
