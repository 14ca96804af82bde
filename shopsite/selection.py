"""Property selection: OCAPI's ``select`` parameter, and the selectors of OCAPI settings.

``select=(**)`` keeps everything, ``(*)`` the values that are neither objects nor arrays,
``(a,b)`` or ``(+a)`` those properties, ``(**,-a)`` / ``(*,-a)`` all but ``a``,
``(data.(address_id,city))`` narrows a sub-document or each object of an array,
``data[0]``, ``data[0:4]`` (both ends included), ``data[1,3,5]`` and
``data[?(@.preferred==true && @.n>=2 || @.x!='y')]`` pick items of an array (the grammar:
``shopsite.selection_parser``). ``_v`` and ``_type`` are always kept, at every level.

One selector string is parsed once per process (``parse_selector`` is cached), a request
without ``select`` costs a dictionary lookup. The API applies it in one place,
``OcapiViewSet.finalize_response`` (``shopsite.api``), to every document it answers with
(result documents as a whole, faults never), after the document and its ETag are made:
the ETag stays the whole resource's. A client's ``read_attributes`` (OCAPI settings) come
first: ``select_response(document, select, read_attributes=...)``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from shopsite import faults
from shopsite.paging import ResultDocument
from shopsite.selection_nodes import ALWAYS_KEPT, Selection
from shopsite.selection_parser import SelectorSyntaxError, parse

__all__ = ["Selector", "SelectorSyntaxError", "apply_selection", "parse_selector", "requested_selector",
           "select_response"]

#: Distinct selector strings kept parsed per process.
CACHE_SIZE = 512
PARAMETER = "select"


@dataclass(frozen=True, slots=True, eq=False)  # one per distinct text (parse_selector is cached)
class Selector:
    """A parsed selector and the text it came from."""

    text: str
    selection: Selection

    def apply(self, document: dict) -> dict:
        """What the selector keeps of ``document``: a new dict (the input is never modified;
        values kept whole are shared with it), ``_v`` and ``_type`` kept at every level."""
        return self.selection.apply(document)

    def dropped_paths(self, document: dict, *, envelope: frozenset[str] = ALWAYS_KEPT,
                      opaque: Callable[[str], bool] | None = None) -> list[tuple[str, ...]]:
        """The paths of the properties of ``document`` that ``apply`` leaves out or narrows (an
        array counts as a whole): what a write limited by this selector may not set.

        ``envelope``: names never counted at the document's own levels (``apply`` keeps ``_v``
        and ``_type`` at every level). ``opaque(name)``: whether a property's value is data
        rather than a level of the document (a custom attribute's value): inside it, no name
        is part of the envelope."""
        return _dropped(self.selection, document, (), envelope, opaque)


def _dropped(selection: Selection, document: dict, prefix: tuple[str, ...], envelope, opaque):
    """``Selection.apply``, walked for what it would not keep as it is."""
    paths = []
    for name, value in document.items():
        if name in envelope:
            continue
        path = (*prefix, name)
        item = selection.items.get(name)
        if item is None:
            kept = name not in selection.excluded and (
                selection.everything or (selection.simple_values and not isinstance(value, (dict, list))))
            if not kept:
                paths.append(path)
            continue
        if item.elements is not None and (not isinstance(value, list) or len(item.elements.pick(value)) != len(value)):
            paths.append(path)  # the items picked keep their order: as many means the same
            continue
        if item.inner is None:
            continue
        inner = (frozenset(), None) if opaque is not None and opaque(name) else (envelope, opaque)
        if isinstance(value, dict):
            paths.extend(_dropped(item.inner, value, path, *inner))
        elif isinstance(value, list) and any(isinstance(entry, dict) and _dropped(item.inner, entry, path, *inner)
                                             for entry in value):
            paths.append(path)
    return paths


def parse_selector(text: str) -> Selector:
    """The Selector of ``text``; SelectorSyntaxError (``position``, ``message``) for anything
    malformed, and no other exception whatever ``text`` is. Cached per distinct string."""
    if not isinstance(text, str):
        raise SelectorSyntaxError(0, "a selector is a string")
    return _parse_cached(text)


@lru_cache(maxsize=CACHE_SIZE)
def _parse_cached(text: str) -> Selector:
    return Selector(text, parse(text))


def apply_selection(document: dict, *selectors: Selector | None) -> dict:
    """``document`` narrowed by each selector in turn (None skipped): the client's
    ``read_attributes`` first, then the request's ``select`` on what remains."""
    for selector in selectors:
        if selector is not None:
            document = selector.apply(document)
    return document


def requested_selector(request) -> Selector | None:
    """The request's ``select``, parsed; None without one (an empty ``select=`` is ignored,
    as an empty ``expand=`` is). Malformed -> 400 ParameterConstraintViolationException with
    arguments ``parameter`` and ``position`` (0-based)."""
    text = request.GET.get(PARAMETER)
    if text is None or not text.strip():
        return None
    try:
        return parse_selector(text)
    except SelectorSyntaxError as error:
        raise faults.ParameterConstraintViolationException(
            f"Query parameter 'select' is malformed at position {error.position}: {error.message}.",
            parameter=PARAMETER, position=error.position, value=text[:64],
        ) from None


def select_response(document: dict, select: Selector | None, *, read_attributes: Selector | None = None) -> dict:
    """The response document as the client may read it (``read_attributes``) and asked for it
    (``select``). A result document of ``shopsite.paging`` is selected as a whole and then
    carries ``select`` as given, in its alphabetical place (count, data, next, previous,
    select, start, total) as OCAPI's result documents do."""
    if select is None and read_attributes is None:
        return document
    selected = apply_selection(document, read_attributes, select)
    if select is not None and isinstance(document, ResultDocument):
        head = {name: selected[name] for name in ("_v", "_type") if name in selected}
        rest = {name: value for name, value in selected.items() if name not in head}
        rest[PARAMETER] = select.text
        selected = {**head, **dict(sorted(rest.items()))}
    return selected
