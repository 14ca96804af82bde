"""A compiled OCAPI settings document: what the access layer matches requests against.

``document.validate_ocapi_settings`` builds it from a valid document; nothing here reads
JSON. The read/write attributes are kept as given (selectors, ``(**)`` when absent).
"""
from dataclasses import dataclass, field

from shopsite.ocapi_settings.matching import ResourcePattern, Segment

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

    def entry_for(self, path: tuple[Segment, ...]) -> ResourceRule | None:
        """The most specific entry whose resource_id matches the path (the first of equals)."""
        shape = tuple(segment.value if segment.literal else None for segment in path)
        candidates = self._candidates.get(shape)
        if candidates is None:
            generic = tuple(Segment(value, value is not None) for value in shape)
            candidates = sorted((rule for rule in self.resources if rule.pattern.may_match(generic)),
                                key=lambda rule: rule.pattern.specificity, reverse=True)  # stable: document order
            if len(self._candidates) < MAX_SHAPES:
                self._candidates[shape] = candidates
        return next((rule for rule in candidates if rule.pattern.matches(path)), None)

    def grants(self, path: tuple[Segment, ...], method: str) -> bool:
        rule = self.entry_for(path)
        return rule is not None and rule.grants(method)


@dataclass(frozen=True)
class SettingsDocument:
    version: str
    clients: dict[str, ClientRules] = field(default_factory=dict)
