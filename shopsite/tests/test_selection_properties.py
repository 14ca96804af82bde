"""Property tests of shopsite.selection (Hypothesis): whatever the text, the parser answers
a Selector or a SelectorSyntaxError; whatever the document, apply never raises, keeps
``_v``/``_type``, invents nothing and leaves its input alone."""
import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shopsite.selection import SelectorSyntaxError, parse_selector

# No example database: nothing is written into the checkout.
SETTINGS = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
#: The characters the grammar gives a meaning to, so random text gets far into the parser.
ALPHABET = "()[],.*+-?@=!<>&|:' \\\"0123456789abnxyz_etrufals"
NAMES = st.sampled_from(["a", "b", "n", "x", "data", "c_x", "_type", "_v", "1"])

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(
    max_size=5)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(NAMES, children, max_size=5),
    max_leaves=30,
)
documents = st.dictionaries(NAMES, json_values, max_size=6).map(lambda doc: {**doc, "_v": "16.4", "_type": "doc"})


def _literal():
    return st.one_of(
        st.integers(-1000, 1000).map(str),
        st.floats(-1e6, 1e6, allow_nan=False).map(lambda value: f"{value:.3f}"),
        st.sampled_from(["true", "false", "'x'", "'a b'", r"'it\'s'", "''"]),
        st.lists(NAMES, max_size=3).map(lambda names: "@" + "".join(f".{name}" for name in names)),
    )


conditions = st.recursive(
    st.tuples(_literal(), st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), _literal()).map("".join),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["&&", "||", " && ", " || "]), inner).map("".join),
        inner.map(lambda condition: f"({condition})"),
    ),
    max_leaves=6,
)
element_selectors = st.one_of(
    st.integers(0, 10).map(lambda index: f"[{index}]"),
    st.tuples(st.integers(0, 5), st.integers(0, 5)).map(lambda pair: f"[{min(pair)}:{max(pair)}]"),
    st.lists(st.integers(0, 10), min_size=1, max_size=4).map(lambda indices: f"[{','.join(map(str, indices))}]"),
    conditions.map(lambda condition: f"[?({condition})]"),
)


def _selectors(inner):
    """A well-formed selector: names once per list, exclusions only after * or **."""
    item = st.tuples(st.sampled_from(["", "+"]), st.just(""), st.none() | element_selectors, st.none() | inner)

    @st.composite
    def build(draw):
        names = draw(st.lists(NAMES, unique=True, max_size=4))
        stars = draw(st.sampled_from(["", "*", "**"]))
        parts = [stars] if stars else []
        for index, name in enumerate(names):
            if stars and index % 2:
                parts.append(f"-{name}")
                continue
            plus, _, elements, nested = draw(item)
            parts.append(f"{plus}{name}{elements or ''}{'.' + nested if nested else ''}")
        return "(" + ",".join(parts or ["**"]) + ")"

    return build()


selectors = st.recursive(_selectors(st.nothing()), _selectors, max_leaves=4)


def assert_parses_or_fails_cleanly(text):
    try:
        selector = parse_selector(text)
    except SelectorSyntaxError as error:
        assert 0 <= error.position <= len(text)
        assert error.message
        return None
    assert selector.text == text
    return selector


@SETTINGS
@given(st.text())
def test_any_text_parses_or_is_a_syntax_error(text):
    assert_parses_or_fails_cleanly(text)


@SETTINGS
@given(st.text(alphabet=ALPHABET, max_size=60).map(lambda text: "(" + text))
def test_text_made_of_the_grammars_characters_parses_or_is_a_syntax_error(text):
    assert_parses_or_fails_cleanly(text)


@SETTINGS
@given(selectors, documents)
def test_well_formed_selectors_parse_and_apply_to_any_document(text, document):
    selector = parse_selector(text)
    original = copy.deepcopy(document)
    selected = selector.apply(document)
    assert document == original  # the input is left alone
    assert selected["_v"] == "16.4" and selected["_type"] == "doc"
    assert set(selected) <= set(document)  # nothing invented
    json.dumps(selected)  # still a JSON document
    assert parse_selector("(**)").apply(selected) == selected


@SETTINGS
@given(selectors, st.data())
def test_a_broken_selector_parses_or_is_a_syntax_error(text, data):
    """One character removed, replaced or added anywhere."""
    index = data.draw(st.integers(0, len(text)))
    char = data.draw(st.sampled_from(ALPHABET))
    for broken in (text[:index] + text[index + 1:], text[:index] + char + text[index + 1:],
                   text[:index] + char + text[index:]):
        selector = assert_parses_or_fails_cleanly(broken)
        if selector is not None:
            selector.apply({"_v": "16.4", "_type": "doc", "a": [{"x": 1}, 2, "s"], "n": {"b": True}})


@SETTINGS
@given(selectors, documents)
def test_selected_twice_is_selected_once(text, document):
    selector = parse_selector(text)
    once = selector.apply(document)
    assert selector.apply(once) == once or "[" in text  # item selectors pick again from what they picked


@SETTINGS
@given(selectors, documents)
def test_dropped_paths_are_exactly_what_apply_changed(text, document):
    selector = parse_selector(text)
    dropped = selector.dropped_paths(document)
    assert (dropped == []) == (selector.apply(document) == document)
