"""A compiled OCAPI settings document: what the access layer matches requests against.

``document.validate_ocapi_settings`` builds it from a valid document; nothing here reads
JSON. The read/write attributes are kept as given (selectors, ``(**)`` when absent).
"""
from dataclasses import dataclass, field
from functools import cached_property

from shopsite.ocapi_settings.matching import ResourcePattern, Segment
from shopsite.versions import ApiVersion

ALL_PROPERTIES = "(**)"
MAX_SHAPES = 256  # the API's URL patterns have a few dozen


@dataclass(frozen=True)
class ResourceRule:
    """One entry of a client's ``resources``."""

    path: str  # where it is in the document: clients[0].resources[3]
    resource_id: str
    pattern: ResourcePattern
    methods: frozenset[str]
    read_attributes: str = ALL_PROPERTIES
    write_attributes: str = ALL_PROPERTIES
    cache_time: int | None = None
    personalized_caching_enabled: bool | None = None
    version_range: tuple[str | None, str | None] | None = None

    def grants(self, method: str) -> bool:
        """Whether the entry grants the (upper-case) method; ``get`` grants HEAD too."""
        method = method.lower()
        return method in self.methods or (method == "head" and "get" in self.methods)

    @cached_property
    def _versions(self) -> tuple[ApiVersion | None, ApiVersion | None]:
        first, until = self.version_range or (None, None)
        return (ApiVersion.parse(first) if first else None, ApiVersion.parse(until) if until else None)

    def applies_to(self, version: ApiVersion | None) -> bool:
        """Whether the entry is in force for requests of ``version`` (its ``version_range``: ``from``
        included, ``until`` excluded); None, any version (what the preview counts)."""
        if version is None or self.version_range is None:
            return True
        first, until = self._versions
        return (first is None or first <= version) and (until is None or version < until)


@dataclass(frozen=True)
class ClientRules:
    """A client's entry: its resources, CORS origins and response headers."""

    client_id: str
    path: str
    allowed_origins: tuple[str, ...] | None  # None: the document does not say (the ApiClient's apply)
    response_headers: tuple[tuple[str, str], ...]
    resources: tuple[ResourceRule, ...]
    #: shape of a path (its resource names; None for each parameter) -> the entries that may
    #: match such a path, most specific first: a request tries only those.
    _candidates: dict = field(default_factory=dict, compare=False, repr=False)

    def entry_for(self, path: tuple[Segment, ...], version: ApiVersion | None = None) -> ResourceRule | None:
        """The most specific entry in force for ``version`` (``ResourceRule.applies_to``; None: any)
        whose resource_id matches the path (the first of equals). An entry whose version_range
        leaves the version out is, for that version, as if it were absent."""
        shape = tuple(segment.value if segment.literal else None for segment in path)
        candidates = self._candidates.get(shape)
        if candidates is None:
            generic = tuple(Segment(value, value is not None) for value in shape)
            candidates = sorted((rule for rule in self.resources if rule.pattern.may_match(generic)),
                                key=lambda rule: rule.pattern.specificity, reverse=True)  # stable: document order
            if len(self._candidates) < MAX_SHAPES:
                self._candidates[shape] = candidates
        return next((rule for rule in candidates if rule.applies_to(version) and rule.pattern.matches(path)), None)

    def grants(self, path: tuple[Segment, ...], method: str, version: ApiVersion | None = None) -> bool:
        rule = self.entry_for(path, version)
        return rule is not None and rule.grants(method)


@dataclass(frozen=True)
class SettingsDocument:
    version: str
    clients: dict[str, ClientRules] = field(default_factory=dict)
