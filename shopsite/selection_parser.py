"""The grammar of OCAPI's property selection, as a small recursive-descent parser.

    selector   := '(' items ')'
    items      := item (',' item)*
    item       := '**' | '*' | '-' NAME | ['+'] NAME [elements] ['.' selector]
    elements   := '[' ( INDEX | INDEX ':' INDEX | INDEX (',' INDEX)* | '?' '(' or ')' ) ']'
    or         := and ('||' and)*
    and        := term ('&&' term)*
    term       := '(' or ')' | operand OPERATOR operand
    operand    := '@' ('.' NAME)* | 'text' | NUMBER | 'true' | 'false'

Blanks may separate tokens. ``-name`` only follows ``*`` or ``**`` of the same list; a
property is named once per list. Every error is a ``SelectorSyntaxError`` with the 0-based
position in the text where it was found: no input makes the parser raise anything else
(nesting is bounded, numbers are bounded before Python converts them).
"""
from __future__ import annotations

import re

from shopsite.selection_nodes import (
    COMPARISONS,
    AllOf,
    AnyOf,
    Comparison,
    Condition,
    Elements,
    Filter,
    Indices,
    Item,
    Literal,
    Path,
    Range,
    Selection,
)

#: How deep ``.(...)`` and filter parentheses may nest (documents nest far less).
MAX_DEPTH = 32
MAX_NUMBER_LENGTH = 40
NAME = re.compile(r"[A-Za-z0-9_]+")
INDEX = re.compile(r"[0-9]+")
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?")
BLANKS = " \t\r\n"
OPERATORS = sorted(COMPARISONS, key=len, reverse=True)  # "<=" before "<"


class SelectorSyntaxError(ValueError):
    """A malformed selector: ``position`` (0-based) and ``message`` say where and what."""

    def __init__(self, position: int, message: str):
        super().__init__(f"{message} (at position {position})")
        self.position = position
        self.message = message


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.at = 0
        self.depth = 0

    # --- characters ------------------------------------------------------------------------
    def blanks(self) -> None:
        while self.at < len(self.text) and self.text[self.at] in BLANKS:
            self.at += 1

    def looking_at(self, token: str) -> bool:
        self.blanks()
        return self.text.startswith(token, self.at)

    def take(self, token: str) -> bool:
        if self.looking_at(token):
            self.at += len(token)
            return True
        return False

    def fail(self, expected: str, at: int | None = None) -> SelectorSyntaxError:
        at = self.at if at is None else at
        found = repr(self.text[at]) if at < len(self.text) else "the end"
        return SelectorSyntaxError(at, f"expected {expected}, found {found}")

    def expect(self, token: str, what: str | None = None) -> None:
        if not self.take(token):
            raise self.fail(what or f"'{token}'")

    def match(self, pattern: re.Pattern, what: str) -> str:
        self.blanks()
        found = pattern.match(self.text, self.at)
        if found is None:
            raise self.fail(what)
        self.at = found.end()
        return found.group()

    def nested(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise SelectorSyntaxError(self.at, f"nested more than {MAX_DEPTH} levels deep")

    # --- selections ------------------------------------------------------------------------
    def selector(self) -> Selection:
        selection = self.selection()
        self.blanks()
        if self.at < len(self.text):
            raise self.fail("the end of the selector")
        return selection

    def selection(self) -> Selection:
        self.nested()
        self.expect("(")
        everything = simple_values = False
        items: dict[str, Item] = {}
        excluded: set[str] = set()
        while True:
            self.blanks()
            start = self.at
            if self.take("**"):
                everything = True
            elif self.take("*"):
                simple_values = True
            elif self.take("-"):
                if not (everything or simple_values):
                    raise SelectorSyntaxError(start, "an exclusion '-name' must follow '*' or '**' in its list")
                name = self.name(items, excluded)
                excluded.add(name)
            else:
                self.take("+")
                name = self.name(items, excluded)
                items[name] = self.item(name)
            if self.take(")"):
                break
            self.expect(",", "',' or ')'")
        self.depth -= 1
        return Selection(everything, simple_values, items, frozenset(excluded))

    def name(self, items: dict, excluded: set) -> str:
        self.blanks()
        start = self.at
        name = self.match(NAME, "a property name")
        if name in items or name in excluded:
            raise SelectorSyntaxError(start, f"property '{name}' is named twice in one list")
        return name

    def item(self, name: str) -> Item:
        elements = self.elements() if self.take("[") else None
        inner = None
        if self.take("."):
            if not self.looking_at("("):
                raise self.fail("'(' after '.'")
            inner = self.selection()
        return Item(name, elements, inner)

    # --- [0], [0:4], [1,3,5], [?(...)] -------------------------------------------------------
    def elements(self) -> Elements:
        if self.take("?"):
            self.nested()
            self.expect("(")
            condition = self.any_of()
            self.depth -= 1
            self.expect(")", "')' or an operator '&&', '||'")
            self.expect("]")
            return Filter(condition)
        first = self.index()
        if self.take(":"):
            start = self.at
            last = self.index()
            if last < first:
                raise SelectorSyntaxError(start, f"the range ends at {last}, before its start {first}")
            self.expect("]", "']'")
            return Range(first, last)
        indices = [first]
        while self.take(","):
            indices.append(self.index())
        self.expect("]", "',' or ']'" if len(indices) > 1 else "':', ',' or ']'")
        return Indices(tuple(sorted(set(indices))))

    def index(self) -> int:
        self.blanks()
        start = self.at
        digits = self.match(INDEX, "an index (0, 1, 2, ...)")
        if len(digits) > MAX_NUMBER_LENGTH:
            raise SelectorSyntaxError(start, "the index is too large")
        return int(digits)

    # --- filters -----------------------------------------------------------------------------
    def any_of(self) -> Condition:
        terms = [self.all_of()]
        while self.take("||"):
            terms.append(self.all_of())
        return terms[0] if len(terms) == 1 else AnyOf(tuple(terms))

    def all_of(self) -> Condition:
        terms = [self.term()]
        while self.take("&&"):
            terms.append(self.term())
        return terms[0] if len(terms) == 1 else AllOf(tuple(terms))

    def term(self) -> Condition:
        if self.looking_at("("):
            self.nested()
            self.at += 1
            condition = self.any_of()
            self.depth -= 1
            self.expect(")", "')' or an operator '&&', '||'")
            return condition
        left = self.operand()
        self.blanks()
        operator = next((op for op in OPERATORS if self.text.startswith(op, self.at)), None)
        if operator is None:
            raise self.fail("a comparison ('==', '!=', '<', '<=', '>', '>=')")
        self.at += len(operator)
        return Comparison(left, operator, self.operand())

    def operand(self) -> Path | Literal:
        self.blanks()
        start = self.at
        if self.take("@"):
            names = []
            while self.take("."):
                names.append(self.match(NAME, "a property name after '@.'"))
            return Path(tuple(names))
        if self.take("'"):
            return Literal(self.string(start))
        for word, value in (("true", True), ("false", False)):
            if self.text.startswith(word, self.at) and not NAME.match(self.text, self.at + len(word)):
                self.at += len(word)
                return Literal(value)
        found = NUMBER.match(self.text, self.at)
        if found is None:
            raise self.fail("'@', a 'string', a number, true or false")
        text = found.group()
        if len(text) > MAX_NUMBER_LENGTH:
            raise SelectorSyntaxError(start, "the number is too long")
        self.at = found.end()
        return Literal(int(text) if found.group(1) is None and found.group(2) is None else float(text))

    def string(self, start: int) -> str:
        """The rest of a single-quoted string: ``\\'`` is a quote, ``\\\\`` a backslash."""
        chars = []
        while self.at < len(self.text):
            char = self.text[self.at]
            self.at += 1
            if char == "'":
                return "".join(chars)
            if char == "\\" and self.at < len(self.text):
                char = self.text[self.at]
                self.at += 1
            chars.append(char)
        raise SelectorSyntaxError(start, "the string is not closed with '")


def parse(text: str) -> Selection:
    """The selection ``text`` describes; a SelectorSyntaxError otherwise (and nothing else)."""
    if not isinstance(text, str):
        raise SelectorSyntaxError(0, "a selector is a string")
    return _Parser(text).selector()
