"""What a parsed ``select`` is, and how it narrows a document (``shopsite.selection``).

The parser (``shopsite.selection_parser``) builds these nodes; ``Selection.apply`` walks a
document with them. They never raise on any JSON value and never modify what they are
given: a kept value that nothing narrows is shared with the input, not copied.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Kept at every level, whatever the selection says.
ALWAYS_KEPT = frozenset({"_v", "_type"})
#: A property a selection leaves out (None is a value a document could hold).
DROP = object()
#: What a filter's ``@.name`` finds when the item has no such property.
MISSING = object()


# --- filters: [?(@.preferred==true && @.n>=2 || ...)] --------------------------------------
@dataclass(frozen=True, slots=True)
class Path:
    """``@`` or ``@.a.b``: a value of the array item being tested."""

    names: tuple[str, ...]

    def value(self, item: Any) -> Any:
        for name in self.names:
            if not isinstance(item, dict) or name not in item:
                return MISSING
            item = item[name]
        return item


@dataclass(frozen=True, slots=True)
class Literal:
    """``'text'``, a number, ``true`` or ``false``."""

    literal: str | int | float | bool

    def value(self, item: Any) -> Any:
        return self.literal


def _kind(value: Any) -> str:
    """The JSON type of a value: booleans are not numbers (``true == 1`` is false)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return type(value).__name__


def _equal(left: Any, right: Any) -> bool:
    if left is MISSING or right is MISSING:
        return left is right
    return _kind(left) == _kind(right) and left == right


def _less(left: Any, right: Any) -> bool:
    """Numbers with numbers, strings with strings (ISO date-times compare as text); else false."""
    if left is MISSING or right is MISSING:
        return False
    kind = _kind(left)
    return kind in ("number", "string") and kind == _kind(right) and left < right


COMPARISONS = {
    "==": _equal,
    "!=": lambda left, right: not _equal(left, right),
    "<": _less,
    "<=": lambda left, right: _less(left, right) or (_kind(left) in ("number", "string") and _equal(left, right)),
    ">": lambda left, right: _less(right, left),
    ">=": lambda left, right: _less(right, left) or (_kind(left) in ("number", "string") and _equal(left, right)),
}


@dataclass(frozen=True, slots=True)
class Comparison:
    left: Path | Literal
    operator: str  # a key of COMPARISONS
    right: Path | Literal

    def holds(self, item: Any) -> bool:
        return COMPARISONS[self.operator](self.left.value(item), self.right.value(item))


@dataclass(frozen=True, slots=True)
class AllOf:
    """``a && b && ...`` (binds tighter than ``||``)."""

    terms: tuple[Condition, ...]

    def holds(self, item: Any) -> bool:
        return all(term.holds(item) for term in self.terms)


@dataclass(frozen=True, slots=True)
class AnyOf:
    """``a || b || ...``."""

    terms: tuple[Condition, ...]

    def holds(self, item: Any) -> bool:
        return any(term.holds(item) for term in self.terms)


Condition = Comparison | AllOf | AnyOf


# --- which items of an array: [0], [0:4], [1,3,5], [?(...)] -------------------------------
@dataclass(frozen=True, slots=True)
class Indices:
    """``[0]`` or ``[1,3,5]``: those items, in the array's order; missing ones are skipped."""

    indices: tuple[int, ...]  # sorted, without repetitions

    def pick(self, items: list) -> list:
        return [items[index] for index in self.indices if index < len(items)]


@dataclass(frozen=True, slots=True)
class Range:
    """``[first:last]``, both ends included (``[0:4]`` is the first five)."""

    first: int
    last: int

    def pick(self, items: list) -> list:
        return items[self.first : self.last + 1]


@dataclass(frozen=True, slots=True)
class Filter:
    """``[?(...)]``: the items for which the condition holds."""

    condition: Condition

    def pick(self, items: list) -> list:
        return [item for item in items if self.condition.holds(item)]


Elements = Indices | Range | Filter


# --- selections: (**), (*), (a,b), (**,-a), a[...].(...) ---------------------------------
@dataclass(frozen=True, slots=True)
class Item:
    """One named property of a selection: ``name``, ``name[...]``, ``name.(...)`` or both."""

    name: str
    elements: Elements | None = None
    inner: Selection | None = None

    def keep(self, value: Any) -> Any:
        """The property's value as selected, or DROP (an item selector on a non-array)."""
        if self.elements is not None:
            if not isinstance(value, list):
                return DROP
            value = self.elements.pick(value)
        if self.inner is not None:
            value = self.inner.narrow(value)
        return value


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed by identity (it holds a dict)
class Selection:
    """One parenthesised list: ``**`` (everything), ``*`` (values that are neither objects nor
    arrays), named items, and exclusions (only with ``*`` or ``**``)."""

    everything: bool
    simple_values: bool
    items: dict[str, Item]
    excluded: frozenset[str]

    def apply(self, document: dict) -> dict:
        """A new dict of what this selection keeps of ``document``, in the document's order."""
        kept = {}
        for name, value in document.items():
            if name in ALWAYS_KEPT:
                kept[name] = value
                continue
            item = self.items.get(name)
            if item is not None:
                value = item.keep(value)
                if value is not DROP:
                    kept[name] = value
            elif name in self.excluded:
                continue
            elif self.everything or (self.simple_values and not isinstance(value, (dict, list))):
                kept[name] = value
        return kept

    def narrow(self, value: Any) -> Any:
        """``name.(...)``: an object selected, or each object of an array; other values as they are."""
        if isinstance(value, dict):
            return self.apply(value)
        if isinstance(value, list):
            return [self.apply(item) if isinstance(item, dict) else item for item in value]
        return value
