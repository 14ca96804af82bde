"""start/count paging and the next/previous links of OCAPI result documents."""
from dataclasses import dataclass

from django.db.models import Count, Window

from shopsite import faults

MAX_COUNT = 200
MAX_START = 999
# "No upper bound" (orders) still stops where databases' OFFSET does.
UNBOUNDED_START = 2**63 - 1


@dataclass(frozen=True)
class Paging:
    start: int
    count: int
    requested: bool  # links only appear when the client asked for paging

    @classmethod
    def from_request(cls, request, default_count=10, max_start=MAX_START):
        """Read start/count; out of range or not a number is a 400 fault."""
        params = request.query_params
        requested = "start" in params or "count" in params
        start = _integer(params, "start", 0, 0, UNBOUNDED_START if max_start is None else max_start)
        count = _integer(params, "count", default_count, 1, MAX_COUNT)
        return cls(start=start, count=count, requested=requested)

    def slice(self, queryset):
        return queryset[self.start : self.start + self.count]

    def fetch(self, query, *args):
        """(this page's instances, the total) from a PreparedQuery built with ``counted()``:
        one query while the page has rows, a second only past the end of the list."""
        rows = query(*args, limit=self.count, offset=self.start)
        if rows:
            return rows, rows[0].paging_total
        first = query(*args, limit=1, offset=0) if self.start else []
        return rows, first[0].paging_total if first else 0

    def result(self, request, _type, data, total):
        """The result document: count, data, links where they apply, start, total (in the
        alphabetical order of the spec's samples; ``select`` comes between, see shopsite.selection)."""
        doc = ResultDocument(_type=_type, count=len(data), data=data)
        if self.requested and total:
            if self.start + self.count < total:
                doc["next"] = _link(request, self.start + self.count, self.count)
            if self.start > 0:
                # Past the end, "previous" is the last page that exists.
                last_page = (total - 1) // self.count * self.count
                doc["previous"] = _link(request, min(max(0, self.start - self.count), last_page), self.count)
        doc["start"] = self.start
        doc["total"] = total
        return doc


class ResultDocument(dict):
    """A paged result document: ``select`` applies to it as a whole, and it then carries the
    ``select`` it applied (``shopsite.selection.select_response``)."""


def counted(queryset):
    """The queryset with every row carrying the total (``COUNT(*) OVER ()``), for ``Paging.fetch``."""
    return queryset.annotate(paging_total=Window(Count("pk")))


def boolean_parameter(request, name, default=False):
    """A true/false query parameter (any case); anything else is a 400 fault."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value not in ("true", "false"):
        raise faults.ParameterConstraintViolationException(
            f"Query parameter '{name}' must be true or false.", parameter=name, value=raw[:64]
        )
    return value == "true"


def _integer(params, name, default, minimum, maximum):
    raw = params.get(name)
    if raw is None:
        return default
    value = int(raw) if raw.isascii() and raw.isdigit() else None
    if value is None or value < minimum or (maximum is not None and value > maximum):
        bound = f"{minimum}..{maximum}" if maximum is not None else f">= {minimum}"
        raise faults.ParameterConstraintViolationException(
            f"Query parameter '{name}' must be an integer in {bound}.", parameter=name, value=raw[:64]
        )
    return value


def _link(request, start, count):
    """An absolute URL for another page, keeping every other query parameter."""
    query = request.query_params.copy()
    query["start"] = str(start)
    query["count"] = str(count)
    return request.build_absolute_uri(request.path) + "?" + query.urlencode()
