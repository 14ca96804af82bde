"""Matching ``resource_id`` patterns against the paths of operations.

A path is a tuple of ``Segment``: the resource names of the operation's URL pattern
(``customers``, ``addresses``; lower case, as the middleware leaves them) and the values of
its path parameters (a customer id, an address name, which may hold a ``/``: one segment
still). ``resource_id`` is compared with that path without ``/s/{site}`` and
``/dw/shop/vNN_N``: resource names case-insensitively, ids exactly; ``*`` stands for exactly
one segment, a trailing ``/**`` for any number of further segments (none included:
``/customers/**`` is the whole resource, ``/customers`` itself too).

Among the patterns that match, the most specific wins (``ResourcePattern.specificity``):
more literal segments; then one without ``/**``; then fewer ``*``. Equally specific patterns
are taken in the order of the document (the first wins).
"""
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple


class Segment(NamedTuple):
    """One segment of an operation's path: a resource name (``literal``) or a parameter's
    value. A parameter's value of None stands for any value (the preview's "any id")."""

    value: str | None
    literal: bool


WILDCARD, ANY_DEPTH = "*", "**"
#: The part of a URL pattern's route that the API's prefixes take (``s/<str:site_id>/``,
#: ``dw/shop/<apiversion:version>/``).
API_ROUTE_PREFIX = re.compile(r"^(?:s/[^/]+/)?dw/shop/[^/]+/")
#: The same prefixes of a path as the client sent it.
API_PATH_PREFIX = re.compile(r"^(?:/s/[^/]*)?/dw/shop/[^/]*(?=/|\Z)", re.IGNORECASE)
ROUTE_PARAMETER = re.compile(r"^<(?:[^:>]+:)?([^>]+)>\Z")
FORBIDDEN = re.compile(r"[\s?#{}\x00-\x1f\x7f]")


class PatternSyntaxError(ValueError):
    pass


@dataclass(frozen=True)
class ResourcePattern:
    """A compiled ``resource_id``: its fixed segments and whether ``/**`` ends it."""

    text: str
    segments: tuple[str, ...]
    any_depth: bool

    @classmethod
    def compile(cls, text: str) -> "ResourcePattern":
        """Raises PatternSyntaxError saying what is wrong."""
        if not text.startswith("/"):
            raise PatternSyntaxError("a resource id begins with '/' (e.g. '/customers/*/addresses')")
        bad = FORBIDDEN.search(text)
        if bad and bad.group() in "{}":
            raise PatternSyntaxError("a path parameter is written '*' (e.g. '/customers/*/addresses')")
        if bad:
            raise PatternSyntaxError(f"a resource id has no whitespace, control character, '?' or '#' "
                                     f"(position {bad.start()})")
        parts = text[1:].split("/")
        if any(part == "" for part in parts):
            raise PatternSyntaxError("a resource id has no empty segment ('//', or a '/' at the end)")
        for index, part in enumerate(parts):
            if part == ANY_DEPTH and index != len(parts) - 1:
                raise PatternSyntaxError("'**' may only be the last segment (e.g. '/customers/**')")
            if "*" in part and part not in (WILDCARD, ANY_DEPTH):
                raise PatternSyntaxError(f"a wildcard stands for a whole segment: '{part}'")
        any_depth = parts[-1] == ANY_DEPTH
        fixed = tuple(parts[:-1] if any_depth else parts)
        return cls(text=text, segments=fixed, any_depth=any_depth)

    @property
    def specificity(self) -> tuple[int, int, int]:
        """Higher is more specific: literal segments, then no ``/**``, then fewer ``*``."""
        literals = sum(1 for part in self.segments if part != WILDCARD)
        return literals, 0 if self.any_depth else 1, -(len(self.segments) - literals)

    def matches(self, path: tuple[Segment, ...]) -> bool:
        """Whether the pattern takes this path (a parameter's value of None matches ``*`` only)."""
        if len(path) < len(self.segments) or (not self.any_depth and len(path) != len(self.segments)):
            return False
        for part, segment in zip(self.segments, path, strict=False):
            if part == WILDCARD:
                continue
            if segment.literal:
                if part.lower() != segment.value:
                    return False
            elif part != segment.value:
                return False
        return True

    def may_match(self, path: tuple[Segment, ...]) -> bool:
        """Whether the pattern takes the path for some values of its parameters (``generic_path``
        of a URL template: whether it grants anything there)."""
        if len(path) < len(self.segments) or (not self.any_depth and len(path) != len(self.segments)):
            return False
        return all(
            part == WILDCARD or not segment.literal or part.lower() == segment.value
            for part, segment in zip(self.segments, path, strict=False)
        )


class TemplateSegment(NamedTuple):
    """A segment of a URL pattern: a resource name, or a path parameter's name."""

    text: str
    parameter: bool


@lru_cache(maxsize=256)
def route_template(route: str) -> tuple[TemplateSegment, ...] | None:
    """The segments of an API URL pattern's route after the API prefix, or None for a route
    outside the API (``customers/<str:customer_id>/addresses`` → customers, {customer_id},
    addresses)."""
    prefix = API_ROUTE_PREFIX.match(route)
    if prefix is None:
        return None
    rest = route[prefix.end():].strip("/")
    if not rest:
        return ()
    segments = []
    for part in rest.split("/"):
        parameter = ROUTE_PARAMETER.match(part)
        if parameter:
            segments.append(TemplateSegment(parameter.group(1), True))
        else:
            segments.append(TemplateSegment(part.lower(), False))
    return tuple(segments)


def template_text(template: tuple[TemplateSegment, ...]) -> str:
    """``/customers/{customer_id}/addresses``."""
    return "/" + "/".join(f"{{{part.text}}}" if part.parameter else part.text for part in template)


def generic_path(template: tuple[TemplateSegment, ...]) -> tuple[Segment, ...]:
    """The template's path for any value of its parameters."""
    return tuple(Segment(None, False) if part.parameter else Segment(part.text, True) for part in template)


def request_path(template: tuple[TemplateSegment, ...], kwargs: dict) -> tuple[Segment, ...]:
    """The path of a request: the template's resource names and the URL's parameter values."""
    return tuple(
        Segment(str(kwargs.get(part.text, "")), False) if part.parameter else Segment(part.text, True)
        for part in template
    )


def resource_as_sent(path: str) -> str:
    """The path as the client sent it, without ``/s/{site}`` and ``/dw/shop/vNN_N``."""
    return API_PATH_PREFIX.sub("", path, count=1) or "/"
