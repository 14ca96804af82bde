"""Validation of OCAPI settings documents: every error, named by its JSON path or line and column."""
import json

import pytest

from shopsite.ocapi_settings import validate_ocapi_settings
from shopsite.ocapi_settings.matching import ResourcePattern, Segment
from shopsite.tests.ocapi_settings_support import client, document, entry

FULL = {
    "_v": "19.5",
    "clients": [
        {
            "client_id": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "allowed_origins": ["https://shop.example.com", "http://localhost:3000/"],
            "response_headers": {"X-Shop": "shopsite", "Content-Security-Policy": "default-src 'none'"},
            "resources": [
                {"resource_id": "/customers/*/addresses", "methods": ["get", "post"],
                 "read_attributes": "(**)", "write_attributes": "(**,-c_secret)", "cache_time": 0,
                 "personalized_caching_enabled": False, "version_range": {"from": "16.4", "until": "20.4"}},
                {"resource_id": "/baskets/**", "methods": ["get"]},
                {"resource_id": "/**", "methods": ["head", "options"], "version_range": {}},
            ],
        },
        {"client_id": "other"},
    ],
}


def errors_of(doc):
    text = doc if isinstance(doc, str) else json.dumps(doc)
    return [str(error) for error in validate_ocapi_settings(text).errors]


def test_a_complete_document_compiles():
    validation = validate_ocapi_settings(json.dumps(FULL, indent=2))
    assert validation.valid and validation.errors == ()
    demo = validation.document.clients["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]
    assert demo.allowed_origins == ("https://shop.example.com", "http://localhost:3000")
    assert demo.response_headers == (("X-Shop", "shopsite"), ("Content-Security-Policy", "default-src 'none'"))
    addresses = demo.resources[0]
    assert (addresses.methods, addresses.read_attributes, addresses.write_attributes) == (
        frozenset({"get", "post"}), "(**)", "(**,-c_secret)")
    assert (addresses.cache_time, addresses.personalized_caching_enabled, addresses.version_range) == (
        0, False, ("16.4", "20.4"))
    assert demo.resources[1].read_attributes == "(**)"  # absent: every property
    other = validation.document.clients["other"]
    assert (other.allowed_origins, other.resources) == (None, ())


@pytest.mark.parametrize("text, error", [
    ("", "line 1, column 1: the document is empty"),
    ('{"_v": "19.5",\n  "clients": [}', "line 2, column 15: not valid JSON: Expecting value"),
    ('{"_v": "19.5", "clients": [], }', "line 1, column 31: not valid JSON: Expecting property name enclosed in "
                                        "double quotes"),
    ('{"_v": "19.5", "clients": [{"client_id": NaN}]}', "the document: not valid JSON: NaN is not JSON"),
    ("[" * 100000 + "]" * 100000, "the document: not valid JSON: nested too deeply"),
    ('{"_v": "19.5",\n "clients": [\x00]}', "line 2, column 14: a NUL character is not allowed"),
    ("[]", "the document: the document is an object, not an array"),
])
def test_text_that_is_no_json_document(text, error):
    assert errors_of(text) == [error]


def test_every_error_is_reported_with_its_path():
    doc = {
        "_v": 19.5, "extra": 1,
        "clients": [
            {"client_id": "ok", "resources": [
                entry("/customers"), entry("/customers"), entry("/x", ["get"], cache_time=-1),
                entry("/customers/*", ["get", "fetch"]),
            ]},
            {"client_id": "ok"},
            {"client_id": "has space", "allowed_origins": ["ftp://x", "https://x.example.com/path"],
             "response_headers": {"Set-Cookie": "a=b", "X-Bad": "line\nbreak", "bad name": "x",
                                  "Access-Control-Allow-Origin": "*", "X-Number": 5}},
            "not a client",
        ],
    }
    assert errors_of(doc) == [
        "extra: unknown key (known: _v, clients)",
        '_v: a version such as "19.5", not 19.5',
        "clients[0].resources[1].resource_id: '/customers' is listed twice for this client (first at "
        "clients[0].resources[0])",
        "clients[0].resources[2].cache_time: seconds, a whole number from 0 to 86400, not -1",
        "clients[0].resources[3].methods: unknown method 'fetch'; known: get, post, put, patch, delete, head, options",
        "clients[1].client_id: client 'ok' is listed twice (first at clients[0])",
        "clients[2].client_id: a client id has at most 64 characters, no ':' and no spaces",
        "clients[2].allowed_origins[0]: an origin is scheme and host, e.g. 'https://shop.example.com': 'ftp://x'",
        "clients[2].allowed_origins[1]: an origin is scheme, host and port only (no path, query or user): "
        "'https://x.example.com/path'",
        'clients[2].response_headers["Set-Cookie"]: the API sets \'Set-Cookie\' itself: a document may not (see '
        "README, OCAPI settings)",
        'clients[2].response_headers["X-Bad"]: a header value is printable ASCII, at most 4096 characters (no line '
        "breaks)",
        'clients[2].response_headers["bad name"]: not a header name (letters, digits and !#$%&\'*+.^_`|~- only, at '
        "most 128)",
        'clients[2].response_headers["Access-Control-Allow-Origin"]: the API sets \'Access-Control-Allow-Origin\' '
        "itself: a document may not (see README, OCAPI settings)",
        'clients[2].response_headers["X-Number"]: a header value is a string, not a number',
        "clients[3]: a client is an object, not a string",
    ]


@pytest.mark.parametrize("resource_id, error", [
    ("customers", "a resource id begins with '/' (e.g. '/customers/*/addresses')"),
    ("/", "a resource id has no empty segment ('//', or a '/' at the end)"),
    ("/customers//auth", "a resource id has no empty segment ('//', or a '/' at the end)"),
    ("/customers/", "a resource id has no empty segment ('//', or a '/' at the end)"),
    ("/customers/**/addresses", "'**' may only be the last segment (e.g. '/customers/**')"),
    ("/cust*", "a wildcard stands for a whole segment: 'cust*'"),
    ("/customers/{customer_id}", "a path parameter is written '*' (e.g. '/customers/*/addresses')"),
    ("/customers?x=1", "a resource id has no whitespace, control character, '?' or '#' (position 10)"),
    ("/customers/ auth", "a resource id has no whitespace, control character, '?' or '#' (position 11)"),
])
def test_syntactically_invalid_resource_ids(resource_id, error):
    assert errors_of(document(client("c", entry(resource_id)))) == [
        f"clients[0].resources[0].resource_id: {error}: {resource_id!r}"]


@pytest.mark.parametrize("changes, error", [
    ({"methods": "get"}, "methods: a list of methods, not a string"),
    ({"methods": ["GET"]}, "methods: unknown method 'GET' (methods are written in lower case); known: get, post, "
                           "put, patch, delete, head, options"),
    ({"methods": ["get", "get"]}, "methods: method 'get' is listed twice"),
    ({"methods": [["get"]]}, "methods: a method is a string, not an array"),
    ({"read_attributes": "**"}, "read_attributes: not a valid selector at position 0: expected '(', found '*' "
                                "('**')"),
    ({"write_attributes": 1}, "write_attributes: a selector is a string such as '(**)', not a number"),
    ({"cache_time": True}, "cache_time: seconds, a whole number from 0 to 86400, not true"),
    ({"cache_time": 86401}, "cache_time: seconds, a whole number from 0 to 86400, not 86401"),
    ({"cache_time": 1.5}, "cache_time: seconds, a whole number from 0 to 86400, not 1.5"),
    ({"personalized_caching_enabled": "yes"}, "personalized_caching_enabled: true or false, not a string"),
    ({"version_range": {"from": "16.4", "until": "16.4"}},
     "version_range: 'from' (16.4, included) comes before 'until' (16.4, excluded)"),
    ({"version_range": {"from": "v16_4"}}, 'version_range.from: an API version such as "16.4", not "v16_4"'),
    ({"version_range": {"since": "16.4"}}, "version_range.since: unknown key (known: from, until)"),
    ({"version_range": "16.4"}, "version_range: a version range is an object, not a string"),
    ({"resource_id": None}, "resource_id: a resource id is a string, not null"),
    ({"fetch": True}, "fetch: unknown key (known: resource_id, methods, read_attributes, write_attributes, "
                      "cache_time, personalized_caching_enabled, version_range)"),
])
def test_invalid_resource_entries(changes, error):
    assert errors_of(document(client("c", {**entry("/customers/*"), **changes}))) == [
        f"clients[0].resources[0].{error}"]


def test_missing_required_keys():
    assert errors_of({"clients": [{"resources": [{}]}]}) == [
        '_v: missing: the version of the settings structure, e.g. "19.5"',
        "clients[0].client_id: missing",
        'clients[0].resources[0].resource_id: missing: e.g. "/customers/*/addresses"',
        'clients[0].resources[0].methods: missing: a list of methods, e.g. ["get", "post"]',
    ]
    assert errors_of({"_v": "19.5"}) == ["clients: missing: the list of clients"]


def test_keys_given_twice_are_refused():
    text = '{"_v": "19.5", "clients": [{"client_id": "a", "client_id": "b"}], "_v": "20.1"}'
    assert errors_of(text) == ["_v: given twice in the same object", "clients[0].client_id: given twice in the same "
                                                                       "object"]


def test_an_overlong_document_is_refused():
    assert errors_of(" " * 2_000_001) == ["the document: the document is longer than 2000000 characters"]


def path(*parts):
    return tuple(Segment(part, True) if part.islower() else Segment(part, False) for part in parts)


@pytest.mark.parametrize("pattern, matches, misses", [
    ("/customers/*", [("customers", "ID1"), ("customers", "auth")], [("customers",), ("customers", "ID1", "auth")]),
    ("/customers/**", [("customers",), ("customers", "ID1"), ("customers", "ID1", "addresses", "Home")],
     [("baskets", "ID1")]),
    ("/**", [("customers",), ("customers", "ID1", "orders")], []),
    ("/Customers/*/Addresses", [("customers", "ID1", "addresses")], [("customers", "ID1", "orders")]),
    ("/customers/ID1", [("customers", "ID1")], [("customers", "ID2"), ("customers", "Id1")]),
])
def test_patterns(pattern, matches, misses):
    compiled = ResourcePattern.compile(pattern)
    assert all(compiled.matches(path(*segments)) for segments in matches)
    assert not any(compiled.matches(path(*segments)) for segments in misses)


def test_the_most_specific_entry_wins_then_the_first():
    doc = document(client("c", entry("/**", ["delete"]), entry("/customers/**", ["put"]),
                           entry("/customers/*", ["get"]), entry("/customers/ID1/*", ["head"]),
                           entry("/customers/*/auth", ["post"]),
                           entry("/customers/*/addresses/*", ["patch"]), entry("/customers/*/*/*", ["options"])))
    rules = validate_ocapi_settings(json.dumps(doc)).document.clients["c"]

    def winner(*segments):
        return rules.entry_for(path(*segments)).resource_id

    assert winner("customers") == "/customers/**"
    assert winner("customers", "ID1") == "/customers/*"  # no '/**' beats '/**'
    assert winner("customers", "ID1", "auth") == "/customers/ID1/*"  # equally specific: the first listed
    assert winner("customers", "ID2", "auth") == "/customers/*/auth"
    assert winner("customers", "ID1", "addresses", "home") == "/customers/*/addresses/*"  # more literals
    assert winner("customers", "ID1", "orders", "x") == "/customers/*/*/*"  # as literal as '/customers/**', no '**'
    assert winner("baskets") == "/**"
    assert rules.grants(path("customers", "ID1"), "HEAD") and not rules.grants(path("customers", "ID1"), "PATCH")


def test_the_readme_example_is_valid_and_does_what_the_readme_says():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    text = readme.split("A complete example", 1)[1].split("```json\n", 1)[1].split("```", 1)[0]
    validation = validate_ocapi_settings(text)
    assert validation.valid, validation.errors
    rules = validation.document.clients["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]
    instruments = path("customers", "ID1", "payment_instruments")
    assert rules.grants(instruments, "GET") and not rules.grants(instruments, "POST")
    assert not rules.grants(path("customers", "ID1", "payment_instruments", "PI1"), "DELETE")
    assert rules.grants(path("customers", "ID1", "addresses", "home"), "PATCH")
    assert not rules.grants(path("customers", "ID1", "addresses"), "PUT")


def test_any_api_version_prefix_is_stripped():
    from shopsite.ocapi_settings.matching import TemplateSegment, resource_as_sent, route_template

    assert resource_as_sent("/dw/shop/v16_4/Customers/ID1") == "/Customers/ID1"
    assert resource_as_sent("/S/SiteGenesis/DW/Shop/v23_2/customers/auth") == "/customers/auth"
    assert resource_as_sent("/dw/shop/v20_10") == "/"
    assert route_template("s/<str:site_id>/dw/shop/<version:version>/customers/<str:customer_id>") == (
        TemplateSegment("customers", False), TemplateSegment("customer_id", True))
    assert route_template("dw/oauth2/access_token") is None


def test_resource_ids_differing_only_in_the_case_of_resource_names_are_the_same_entry():
    doc = document(client("c", entry("/customers/**"), entry("/Customers/**"), entry("/customers/*/ADDRESSES"),
                          entry("/customers/*/addresses"), entry("/customers/AUTH", ["post"]),
                          entry("/customers/auth", ["post"]), entry("/Baskets/*"), entry("/baskets/*")))
    assert errors_of(doc) == [
        "clients[0].resources[1].resource_id: '/Customers/**' is listed twice for this client (first at "
        "clients[0].resources[0] as '/customers/**': resource names are compared case-insensitively)",
        "clients[0].resources[3].resource_id: '/customers/*/addresses' is listed twice for this client (first at "
        "clients[0].resources[2] as '/customers/*/ADDRESSES': resource names are compared case-insensitively)",
        # /customers/{customer_id} has an id where 'AUTH' and 'auth' are: they are two entries
        "clients[0].resources[7].resource_id: '/baskets/*' is listed twice for this client (first at "
        "clients[0].resources[6] as '/Baskets/*': resource names are compared case-insensitively)",
    ]
    assert errors_of(document(client("c", entry("/customers/ID1"), entry("/customers/id1")))) == []


def test_response_headers_given_twice_in_another_case_are_refused():
    doc = document(client("c", response_headers={"X-Shop": "1", "Content-Security-Policy": "x", "x-shop": "2"}))
    assert errors_of(doc) == [
        "clients[0].response_headers[\"x-shop\"]: 'x-shop' is given twice (first as 'X-Shop'): header names are "
        "case-insensitive"]


def test_origins_are_compiled_as_browsers_send_them():
    doc = document(client("c", allowed_origins=["https://Shop.Example.com", "HTTPS://shop.example.com:443/",
                                                "http://localhost:80", "http://localhost:3000", "https://x.example:80",
                                                "http://[::1]:8080"]))
    assert validate_ocapi_settings(json.dumps(doc)).document.clients["c"].allowed_origins == (
        "https://shop.example.com", "https://shop.example.com", "http://localhost", "http://localhost:3000",
        "https://x.example:80", "http://[::1]:8080")
