"""The property selection grammar (shopsite.selection): each construct, combinations, errors."""
import copy

import pytest

from shopsite.paging import ResultDocument
from shopsite.selection import (
    SelectorSyntaxError,
    apply_selection,
    parse_selector,
    select_response,
)

CUSTOMER = {
    "_v": "16.4", "_type": "customer", "auth_type": "registered", "customer_id": "abc", "email": "j@example.com",
    "gender": 1, "login": "jsmith",
    "addresses": [
        {"_type": "customer_address", "address_id": "home", "city": "Woburn", "preferred": True, "n": 3},
        {"_type": "customer_address", "address_id": "work", "city": "Boston", "preferred": False, "n": 1},
        {"_type": "customer_address", "address_id": "zz", "city": "Woburn", "preferred": False, "n": 7},
    ],
    "payment_card": {"_type": "payment_card", "holder": "J Smith", "masked_number": "***1111",
                     "info": {"_type": "info", "x": 1, "y": 2}},
    "c_tags": ["a", "b"],
}


def select(text, document=CUSTOMER):
    return parse_selector(text).apply(document)


def ids(text):
    return [address["address_id"] for address in select(text)["addresses"]]


# --- each construct ---------------------------------------------------------------------
def test_double_star_keeps_everything_at_every_level():
    assert select("(**)") == CUSTOMER


def test_star_keeps_the_values_that_are_neither_objects_nor_arrays():
    assert select("(*)") == {"_v": "16.4", "_type": "customer", "auth_type": "registered", "customer_id": "abc",
                             "email": "j@example.com", "gender": 1, "login": "jsmith"}


def test_names_keep_those_properties_whole_in_the_documents_order():
    assert select("(login,payment_card,email)") == {
        "_v": "16.4", "_type": "customer", "email": "j@example.com", "login": "jsmith",
        "payment_card": CUSTOMER["payment_card"]}
    assert select("(+login)") == select("(login)") == {"_v": "16.4", "_type": "customer", "login": "jsmith"}


def test_unknown_names_select_nothing_but_v_and_type():
    assert select("(nope)") == {"_v": "16.4", "_type": "customer"}


def test_exclusions_after_star_and_double_star():
    assert "login" not in select("(**,-login)") and "addresses" in select("(**,-login)")
    assert set(select("(**,-addresses,-payment_card,-c_tags)")) == set(select("(*)"))
    assert set(select("(*,-login,-email)")) == {"_v", "_type", "auth_type", "customer_id", "gender"}
    assert select("(**,-_type,-_v)") == CUSTOMER  # always kept


def test_star_with_names_adds_objects_and_arrays():
    selected = select("(*,payment_card)")
    assert selected["payment_card"] == CUSTOMER["payment_card"] and "addresses" not in selected
    assert selected["login"] == "jsmith"


def test_nested_selection_of_a_sub_document_and_of_each_object_of_an_array():
    assert select("(payment_card.(holder))")["payment_card"] == {"_type": "payment_card", "holder": "J Smith"}
    assert select("(addresses.(address_id,city))")["addresses"] == [
        {"_type": "customer_address", "address_id": "home", "city": "Woburn"},
        {"_type": "customer_address", "address_id": "work", "city": "Boston"},
        {"_type": "customer_address", "address_id": "zz", "city": "Woburn"}]
    assert select("(addresses.(**))")["addresses"] == CUSTOMER["addresses"]
    assert select("(payment_card.(*))")["payment_card"] == {"_type": "payment_card", "holder": "J Smith",
                                                           "masked_number": "***1111"}
    assert select("(payment_card.(info.(x)))")["payment_card"] == {"_type": "payment_card",
                                                                  "info": {"_type": "info", "x": 1}}


def test_nested_selection_with_double_star_around_it():
    selected = select("(**,addresses.(address_id),-login)")
    assert selected["addresses"][0] == {"_type": "customer_address", "address_id": "home"}
    assert selected["payment_card"] == CUSTOMER["payment_card"] and "login" not in selected
    assert select("(payment_card.(**,-info))")["payment_card"] == {"_type": "payment_card", "holder": "J Smith",
                                                                  "masked_number": "***1111"}


def test_a_nested_selection_leaves_simple_values_and_simple_array_items_as_they_are():
    assert select("(login.(x),c_tags.(x))") == {"_v": "16.4", "_type": "customer", "login": "jsmith",
                                               "c_tags": ["a", "b"]}


def test_index_range_and_list():
    assert ids("(addresses[0])") == ["home"]
    assert ids("(addresses[2])") == ["zz"]
    assert ids("(addresses[0:1])") == ["home", "work"]  # both ends included
    assert ids("(addresses[1:1])") == ["work"]
    assert ids("(addresses[0:4])") == ["home", "work", "zz"]
    assert ids("(addresses[2,0])") == ["home", "zz"]  # in the array's order
    assert ids("(addresses[1,1,1])") == ["work"]


def test_out_of_bounds_items_are_skipped():
    assert ids("(addresses[3])") == []
    assert ids("(addresses[5:9])") == []
    assert ids("(addresses[1,3,5])") == ["work"]
    assert ids(f"(addresses[0:{10 ** 30}])") == ["home", "work", "zz"]


def test_items_then_nested_selection():
    assert select("(addresses[0:1].(city))")["addresses"] == [{"_type": "customer_address", "city": "Woburn"},
                                                            {"_type": "customer_address", "city": "Boston"}]
    assert select("(addresses[?(@.preferred==true)].(address_id))")["addresses"] == [
        {"_type": "customer_address", "address_id": "home"}]


def test_item_selectors_on_values_that_are_not_arrays_select_nothing():
    assert select("(login[0],payment_card[?(@.holder=='J Smith')])") == {"_v": "16.4", "_type": "customer"}


@pytest.mark.parametrize("condition,expected", [
    ("@.preferred==true", ["home"]),
    ("@.preferred!=true", ["work", "zz"]),
    ("@.city=='Woburn'", ["home", "zz"]),
    ("@.city!='Woburn'", ["work"]),
    ("@.n<3", ["work"]),
    ("@.n<=3", ["home", "work"]),
    ("@.n>3", ["zz"]),
    ("@.n>=3", ["home", "zz"]),
    ("@.n>=3.0", ["home", "zz"]),
    ("@.n>-1e3", ["home", "work", "zz"]),
    ("@.address_id<'x'", ["home", "work"]),  # strings compare as text (ISO date-times too)
    ("3==@.n", ["home"]),
    ("@.n==@.n", ["home", "work", "zz"]),
])
def test_filters_with_every_operator(condition, expected):
    assert ids(f"(addresses[?({condition})])") == expected


def test_filters_compare_json_types_strictly():
    assert ids("(addresses[?(@.preferred==1)])") == []  # a boolean is not a number
    assert ids("(addresses[?(@.n=='3')])") == []
    assert ids("(addresses[?(@.city<3)])") == []  # no order between a string and a number
    assert ids("(addresses[?(@.nope==1)])") == []  # a missing property equals nothing ...
    assert ids("(addresses[?(@.nope!=1)])") == ["home", "work", "zz"]  # ... and differs from everything
    assert ids("(addresses[?(@.nope<1)])") == []


def test_filters_on_nested_properties_and_on_simple_items():
    document = {"_type": "x", "items": [{"card": {"type": "Visa"}}, {"card": {"type": "Amex"}}, {"card": "Visa"}]}
    assert select("(items[?(@.card.type=='Visa')])", document)["items"] == [{"card": {"type": "Visa"}}]
    assert select("(c_tags[?(@=='b')])")["c_tags"] == ["b"]


def test_and_binds_tighter_than_or():
    # home: n=3 Woburn preferred; work: n=1 Boston; zz: n=7 Woburn
    assert ids("(addresses[?(@.city=='Boston' || @.city=='Woburn' && @.n>5)])") == ["work", "zz"]
    assert ids("(addresses[?(@.city=='Woburn' && @.n>5 || @.city=='Boston')])") == ["work", "zz"]
    assert ids("(addresses[?((@.city=='Boston' || @.city=='Woburn') && @.n<5)])") == ["home", "work"]
    assert ids("(addresses[?(@.n>0 && @.n<7 && @.preferred==false)])") == ["work"]


def test_string_literals_with_escapes_and_blanks_between_tokens():
    document = {"_type": "x", "items": [{"name": "O'Brien"}, {"name": "back\\slash"}, {"name": "a b"}]}
    assert select(r"(items[?(@.name=='O\'Brien')])", document)["items"] == [{"name": "O'Brien"}]
    assert select(r"(items[?(@.name=='back\\slash')])", document)["items"] == [{"name": "back\\slash"}]
    assert select(" ( items [ ?( @.name == 'a b' ) ] , _type ) ", document)["items"] == [{"name": "a b"}]


def test_v_and_type_are_kept_at_every_level():
    selected = select("(addresses.(nope),payment_card.(info.(nope)))")
    assert selected == {"_v": "16.4", "_type": "customer",
                        "addresses": [{"_type": "customer_address"}] * 3,
                        "payment_card": {"_type": "payment_card", "info": {"_type": "info"}}}


def test_apply_never_modifies_its_input():
    document = copy.deepcopy(CUSTOMER)
    for text in ("(**)", "(*)", "(addresses[0:1].(city))", "(**,-login,payment_card.(holder))",
                 "(addresses[?(@.n>1)])"):
        selected = select(text, document)
        assert document == CUSTOMER
        assert selected is not document


# --- malformed selectors and their positions ----------------------------------------------
@pytest.mark.parametrize("text,position,message", [
    ("", 0, "expected '(', found the end"),
    ("login", 0, "expected '(', found 'l'"),
    ("(", 1, "expected a property name, found the end"),
    ("()", 1, "expected a property name, found ')'"),
    ("(login", 6, "expected ',' or ')', found the end"),
    ("(login,)", 7, "expected a property name, found ')'"),
    ("(login))", 7, "expected the end of the selector, found ')'"),
    ("(lo gin)", 4, "expected ',' or ')', found 'g'"),
    ("(-login)", 1, "an exclusion '-name' must follow '*' or '**' in its list"),
    ("(login,-email,**)", 7, "an exclusion '-name' must follow '*' or '**' in its list"),
    ("(**,-login.(x))", 10, "expected ',' or ')', found '.'"),
    ("(login,login)", 7, "property 'login' is named twice in one list"),
    ("(**,-a,a)", 7, "property 'a' is named twice in one list"),
    ("(***)", 3, "expected ',' or ')', found '*'"),
    ("(a.b)", 3, "expected '(' after '.', found 'b'"),
    ("(a.())", 4, "expected a property name, found ')'"),
    ("(a[])", 3, "expected an index (0, 1, 2, ...), found ']'"),
    ("(a[-1])", 3, "expected an index (0, 1, 2, ...), found '-'"),
    ("(a[1:0])", 5, "the range ends at 0, before its start 1"),
    ("(a[1:])", 5, "expected an index (0, 1, 2, ...), found ']'"),
    ("(a[1,2)", 6, "expected ',' or ']', found ')'"),
    ("(a[1)", 4, "expected ':', ',' or ']', found ')'"),
    ("(a[1" + "0" * 40 + "])", 3, "the index is too large"),
    ("(a[?(@.x)])", 8, "expected a comparison ('==', '!=', '<', '<=', '>', '>='), found ')'"),
    ("(a[?(@.x=)])", 8, "expected a comparison ('==', '!=', '<', '<=', '>', '>='), found '='"),
    ("(a[?(@.x==)])", 10, "expected '@', a 'string', a number, true or false, found ')'"),
    ("(a[?(@.x=='y)])", 10, "the string is not closed with '"),
    ("(a[?(@.x==\"y\")])", 10, "expected '@', a 'string', a number, true or false, found '\"'"),
    ("(a[?(@.x==truth)])", 10, "expected '@', a 'string', a number, true or false, found 't'"),
    ("(a[?(@.==1)])", 7, "expected a property name after '@.', found '='"),
    ("(a[?(@.x==1 &&)])", 14, "expected '@', a 'string', a number, true or false, found ')'"),
    ("(a[?(@.x==1 & @.y==2)])", 12, "expected ')' or an operator '&&', '||', found '&'"),
    ("(a[?((@.x==1)])", 13, "expected ')' or an operator '&&', '||', found ']'"),
    ("(a[?(@.x==1)x])", 12, "expected ']', found 'x'"),
    ("(a[?(@.x==1" + "0" * 40 + ")])", 10, "the number is too long"),
    ("(" + "a.(" * 40 + "b" + ")" * 41, 96, "nested more than 32 levels deep"),
    ("(a[?(" + "(" * 40 + "@.x==1" + ")" * 40 + ")])", 35, "nested more than 32 levels deep"),
    ("(\x00)", 1, "expected a property name, found '\\x00'"),
])
def test_malformed_selectors_say_where(text, position, message):
    with pytest.raises(SelectorSyntaxError) as error:
        parse_selector(text)
    assert (error.value.position, error.value.message) == (position, message)
    assert str(error.value) == f"{message} (at position {position})"


@pytest.mark.parametrize("value", [None, 1, b"(**)", ["(**)"], {"a": 1}])
def test_what_is_not_a_string_is_a_syntax_error_too(value):
    with pytest.raises(SelectorSyntaxError) as error:
        parse_selector(value)
    assert error.value.position == 0


# --- parsing once, the public helpers --------------------------------------------------------
def test_a_selector_is_parsed_once_per_distinct_string():
    text = "(addresses[0:1].(city),login)"
    assert parse_selector(text) is parse_selector(text)
    assert parse_selector(text).text == text


def test_apply_selection_applies_read_attributes_first_then_select():
    read_attributes = parse_selector("(**,-email)")
    select = parse_selector("(email,login)")
    assert apply_selection(CUSTOMER, read_attributes, select) == {"_v": "16.4", "_type": "customer",
                                                                  "login": "jsmith"}
    assert apply_selection(CUSTOMER, None, None) is CUSTOMER
    assert apply_selection(CUSTOMER) is CUSTOMER


def test_select_response_gives_result_documents_their_select_in_alphabetical_place():
    result = ResultDocument(_type="customer_address_result", count=1, data=[{"_type": "a", "b": 1}],
                            next="http://x", start=0, total=2)
    selected = select_response(result, parse_selector("(data.(b),next,total)"))
    assert list(selected.items()) == [("_type", "customer_address_result"), ("data", [{"_type": "a", "b": 1}]),
                                      ("next", "http://x"), ("select", "(data.(b),next,total)"), ("total", 2)]
    assert list(select_response(result, parse_selector("(**)"))) == [
        "_type", "count", "data", "next", "select", "start", "total"]


def test_select_response_changes_nothing_without_selectors_and_other_documents_get_no_select():
    assert select_response(CUSTOMER, None) is CUSTOMER
    assert "select" not in select_response(CUSTOMER, parse_selector("(**)"))
    result = ResultDocument(_type="r", count=0, data=[], start=0, total=0)
    assert "select" not in select_response(result, None, read_attributes=parse_selector("(**)"))


# --- dropped_paths(): what write_attributes check ------------------------------------------
def test_dropped_paths_names_what_a_selector_leaves_out():
    request = {"email": "x@example.com", "c_loyalty": {"level": 1}, "payment_card": {"holder": "J", "number": "1"},
               "c_tags": ["a"]}
    assert parse_selector("(**)").dropped_paths(request) == []
    assert parse_selector("(*)").dropped_paths(request) == [("c_loyalty",), ("payment_card",), ("c_tags",)]
    assert parse_selector("(email,payment_card.(holder),c_tags[1])").dropped_paths(request) == [
        ("c_loyalty",), ("payment_card", "number"), ("c_tags",)]


def test_dropped_paths_exempt_an_envelope_at_the_documents_levels_only():
    request = {"_v": "16.4", "_resource_state": "x", "payment_card": {"_type": "payment_card", "holder": "J"},
               "c_x": {"a": 1, "_v": "any", "_type": {"big": 1}, "_resource_state": 1},
               "c_list": [{"a": 1, "_type": "t"}]}
    selector = parse_selector("(payment_card.(holder),c_x.(a),c_list.(a))")
    envelope = frozenset({"_v", "_type", "_resource_state"})
    assert selector.dropped_paths(request, envelope=envelope, opaque=lambda name: name.startswith("c_")) == [
        ("c_x", "_v"), ("c_x", "_type"), ("c_x", "_resource_state"), ("c_list",)]
    # as apply narrows (it keeps _v and _type at every level)
    assert selector.dropped_paths(request) == [("_resource_state",), ("c_x", "_resource_state")]
    assert parse_selector("(c_x.(a,_type,_v,_resource_state),c_list.(a,_type),payment_card)").dropped_paths(
        request, envelope=envelope, opaque=lambda name: name.startswith("c_")) == []
