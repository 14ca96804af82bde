"""The API versions (shopsite.versions): which names are served, which operations each version
has, the version in every document and fault, the setting that narrows the list."""
import json

import pytest
from defusedxml import ElementTree
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import URLPattern, URLResolver, get_resolver

from shopsite import versions
from shopsite.api import OcapiViewSet
from shopsite.middleware import normalise_api_path
from shopsite.testing import api_url, fault_of
from shopsite.versions import (
    INTRODUCED,
    SUPPORTED,
    V16_1,
    V16_4,
    V17_1,
    V18_1,
    V19_6,
    V20_4,
    ApiVersion,
    edition_of,
    served_range,
    version_named,
)

pytestmark = pytest.mark.django_db
RANGE = "v16_1 … v23_2"

#: Names of INTRODUCED whose URL patterns other branches add (product lists, the reset token for a
#: trusted server, auth/trustedsystem): the table is ready for them. Empty this once they are merged.
PENDING = {
    "customer-product-lists", "customer-product-list", "customer-product-list-items", "customer-product-list-item",
    "public-product-lists", "public-product-list", "public-product-list-items", "public-product-list-item",
    "customer-product-list-item-purchases", "customer-product-list-item-purchase",
    "customer-password-create-reset-token", "customer-auth-trustedsystem",
}


def xml_of(response):
    return ElementTree.fromstring(response.content)


# --- the table ---------------------------------------------------------------------------------
def test_the_supported_range_is_the_designs():
    assert len(SUPPORTED) == 9 + 8 + 10 + 10 + 10 + 10 + 10 + 2
    assert (SUPPORTED[0], SUPPORTED[-1]) == (V16_1, ApiVersion(23, 2))
    assert SUPPORTED == sorted(SUPPORTED) and len(set(SUPPORTED)) == len(SUPPORTED)
    assert ApiVersion(16, 10) not in SUPPORTED and ApiVersion(20, 11) not in SUPPORTED
    assert served_range() == RANGE


def test_names_and_dotted_forms():
    assert version_named("v20_4") == V20_4 and V20_4.name == "v20_4" and V20_4.dotted == str(V20_4) == "20.4"
    assert ApiVersion.parse("18.10") == ApiVersion(18, 10) > ApiVersion(18, 9)
    for name in ("v16_04", "V16_4", "v16_10", "v15_9", "v24_1", "v20_11", "v20_4x", "16_4", "garbage", ""):
        assert version_named(name) is None, name


def test_which_documents_each_version_gets():
    assert {edition_of(version) for version in SUPPORTED if version.major == 16} == {V16_4}
    assert {edition_of(version) for version in SUPPORTED if version >= V17_1} == {V20_4}


def test_the_versions_of_the_operations_other_branches_add():
    assert {name: str(version) for name, version in INTRODUCED.items()} == {
        **dict.fromkeys(["customer-product-lists", "customer-product-list", "customer-product-list-items",
                         "customer-product-list-item", "public-product-lists", "public-product-list",
                         "public-product-list-items", "public-product-list-item"], "17.1"),
        **dict.fromkeys(["customer-product-list-item-purchases", "customer-product-list-item-purchase",
                         "customer-password-create-reset-token"], "18.1"),
        "customer-auth-trustedsystem": "19.6",
    }
    assert versions.introduced_in("customer-orders") == V16_1
    assert not versions.has_operation(V16_4, "customer-product-lists")
    assert versions.has_operation(V17_1, "customer-product-lists")
    assert versions.has_operation(V19_6, "customer-auth-trustedsystem")
    assert not versions.has_operation(ApiVersion(19, 5), "customer-auth-trustedsystem")
    assert versions.has_operation(V18_1, "customer-password-create-reset-token")


def _api_patterns(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _api_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "cls", None)
            if isinstance(view, type) and issubclass(view, OcapiViewSet):
                yield prefix + str(pattern.pattern), pattern.name


def test_every_api_url_pattern_has_a_name_and_every_name_of_the_table_a_pattern():
    patterns = list(_api_patterns())
    assert patterns and all(route.startswith(("dw/shop/<apiversion:version>/", "s/<str:site_id>/dw/shop/"))
                            for route, _ in patterns)
    unnamed = [route for route, name in patterns if not name]
    assert unnamed == []
    names = {name for _, name in patterns}
    assert set(INTRODUCED) - names <= PENDING  # the rest are pending on other branches


# --- routing -------------------------------------------------------------------------------------
@pytest.mark.parametrize("version", SUPPORTED, ids=str)
def test_every_supported_version_is_served(api, site, version):
    response = api.get(api_url(version=version.name) + "/")
    assert response.status_code == 200
    body = response.json()
    assert (body["_v"], body["version"]) == (version.dotted, version.dotted)
    assert body["link"] == f"http://testserver/dw/shop/{version.name}/"
    assert body["openapi"] == f"http://testserver/dw/shop/{version.name}/openapi.json"
    assert body["resources"][0]["link"] == f"http://testserver/dw/shop/{version.name}/customers"


def test_a_resource_in_several_versions_and_sites(as_customer, customer):
    for version in ("v16_1", "v16_4", "v17_1", "v20_4", "v23_2"):
        for site in (None, "SiteGenesis"):
            response = as_customer.get(api_url("customers", customer.customer_id, version=version, site=site))
            assert response.status_code == 200, (version, site)
            assert response.json()["_v"] == version[1:].replace("_", ".")


@pytest.mark.parametrize("name", ["v16_10", "v15_9", "v15_1", "v24_1", "v20_11", "v16_04", "V16_4", "garbage"])
@pytest.mark.parametrize("site", [None, "SiteGenesis"])
def test_an_unknown_version_is_404_naming_the_range(api, site, name):
    path = api_url("customers", "abc", version=name, site=site)
    expected = {"type": "NotFoundException", "message": f"Version '{name}' is not supported: {RANGE}."}
    assert fault_of(api.get(path), 404) == expected
    assert fault_of(api.post(path, {}, format="json"), 404) == expected  # whatever the method
    assert fault_of(api.get(api_url(version=name) + "/"), 404) == expected  # the API root too
    xml = api.get(path, {"format": "xml"})
    assert xml.status_code == 404 and xml["Content-Type"] == "application/xml;charset=UTF-8"
    root = xml_of(xml)
    assert (root.tag, root.get("_v"), root.findtext("type"), root.findtext("message")) == (
        "fault", "16.4", "NotFoundException", expected["message"])


def test_an_unknown_path_in_a_version_names_the_path_with_that_versions_v(api, site):
    response = api.get(api_url("nothing", "here", version="v18_3"))
    assert fault_of(response, 404, version="18.3") == {
        "type": "NotFoundException", "message": "No resource at '/dw/shop/v18_3/nothing/here'."}
    assert fault_of(api.get("/dw/shop/"), 404) == {"type": "NotFoundException",
                                                   "message": "No resource at '/dw/shop/'."}


def test_docs_and_schemas_of_every_version(api):
    for name in ("v16_4", "v20_4", "v23_2"):
        assert api.get(f"/dw/shop/{name}/docs").status_code == 302
        page = api.get(f"/dw/shop/{name}/docs/", HTTP_ACCEPT="text/html").content.decode()
        assert f"/dw/shop/{name}/openapi.json" in page
        assert f"/dw/shop/{name}/openapi.json" in api.get(f"/dw/shop/{name}/redoc/", HTTP_ACCEPT="text/html"
                                                          ).content.decode()
    assert fault_of(api.get("/dw/shop/v15_1/openapi.json"), 404)["message"] == (
        f"Version 'v15_1' is not supported: {RANGE}.")


# --- the version in documents and faults ------------------------------------------------------------
def test_documents_and_faults_carry_the_requested_version_in_json_and_xml(api, as_customer, customer):
    url = api_url("customers", customer.customer_id, version="v20_4")
    assert as_customer.get(url).json()["_v"] == "20.4"
    root = xml_of(as_customer.get(url, {"format": "xml"}))
    assert (root.tag, root.get("_v")) == ("customer", "20.4")
    # faults: DRF's (a customer of someone else), the plumbing's (a bad format), the middleware's (a NUL)
    other = api_url("customers", "someone-else", version="v20_4")
    assert fault_of(as_customer.get(other), 400, version="20.4")["type"] == "InvalidCustomerException"
    assert xml_of(as_customer.get(other, {"format": "xml"})).get("_v") == "20.4"
    assert fault_of(as_customer.get(url, {"format": "html"}), 400, version="20.4")["type"] == (
        "ParameterConstraintViolationException")
    assert fault_of(as_customer.get(url, {"expand": "a\x00b"}), 400, version="20.4")["message"] == (
        "The URL contains a NUL character.")
    api.credentials()
    assert fault_of(api.get(url), 401, version="20.4")["type"] == "InvalidAccessTokenException"
    assert xml_of(api.get(url, {"format": "xml"})).get("_v") == "20.4"
    assert fault_of(api.get(api_url("customers", customer.customer_id)), 401)  # 16.4 as before


def test_the_api_root_of_a_version_names_it_in_xml(api, site):
    root = xml_of(api.get(api_url(version="v17_2") + "/", {"format": "xml"}))
    assert (root.tag, root.get("_v"), root.findtext("version")) == ("api_root", "17.2", "17.2")
    assert root.findtext("docs") == "http://testserver/dw/shop/v17_2/docs/"


def test_outside_a_version_faults_stay_16_4(api):
    assert fault_of(api.post("/dw/oauth2/access_token", {}), None)["type"]
    assert json.loads(api.get("/dw/nothing").content)["_v"] == "16.4"


# --- operations a version does not have ---------------------------------------------------------------
@pytest.fixture
def orders_from_18_1(monkeypatch):
    """GET /customers/{id}/orders as if 18.1 had brought it."""
    monkeypatch.setitem(INTRODUCED, "customer-orders", V18_1)


def test_an_operation_before_its_version_answers_as_an_unknown_path(api, customer, jwt_for, orders_from_18_1):
    for version in ("v16_4", "v17_8"):
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(customer)}")
        orders = api_url("customers", customer.customer_id, "orders", version=version)
        unknown = api_url("customers", customer.customer_id, "nothing", version=version)
        dotted = version[1:].replace("_", ".")
        assert fault_of(api.get(orders), 404, version=dotted) == {
            "type": "NotFoundException", "message": f"No resource at '{orders}'."}
        assert fault_of(api.get(unknown), 404, version=dotted)["message"] == f"No resource at '{unknown}'."
        # before anything else: without a token, with another method, on an unknown site
        api.credentials()
        assert fault_of(api.get(orders), 404, version=dotted)["type"] == "NotFoundException"
        assert fault_of(api.delete(orders), 404, version=dotted)["type"] == "NotFoundException"
        assert fault_of(api.get(api_url("customers", "x", "orders", version=version, site="Nowhere")), 404,
                        version=dotted)["message"].startswith("No resource at")


def test_an_operation_from_its_version_on_is_served(as_customer, customer, orders_from_18_1):
    for version in ("v18_1", "v20_4", "v23_2"):
        response = as_customer.get(api_url("customers", customer.customer_id, "orders", version=version))
        assert response.status_code == 200, version
        assert response.json()["_type"] == "customer_order_result"


def test_a_table_entry_without_a_url_pattern_breaks_nothing(monkeypatch, as_customer, customer):
    monkeypatch.setitem(INTRODUCED, "no-such-pattern", ApiVersion(23, 2))
    assert as_customer.get(api_url("customers", customer.customer_id)).status_code == 200


# --- SHOPSITE_API_VERSIONS ---------------------------------------------------------------------------
def test_the_setting_narrows_the_versions_served(settings, as_customer, customer):
    settings.SHOPSITE_API_VERSIONS = ["v16_4", "v20_4", "v20_5", "v20_6"]
    assert served_range() == "v16_4, v20_4 … v20_6"
    assert as_customer.get(api_url("customers", customer.customer_id, version="v20_4")).status_code == 200
    for name in ("v18_1", "v16_1", "v23_2"):
        response = as_customer.get(api_url("customers", customer.customer_id, version=name))
        assert fault_of(response, 404)["message"] == f"Version '{name}' is not supported: v16_4, v20_4 … v20_6."
    settings.SHOPSITE_API_VERSIONS = []
    assert served_range() == RANGE
    assert as_customer.get(api_url("customers", customer.customer_id, version="v18_1")).status_code == 200


def test_the_setting_names_known_versions_only(settings):
    settings.SHOPSITE_API_VERSIONS = ["v16_4", "v16_10", "20.4"]
    with pytest.raises(SystemCheckError, match="shopsite.E006.*'v16_10', '20.4'"):
        call_command("check")


# --- case-insensitive paths, every depth -----------------------------------------------------------------
@pytest.mark.parametrize("sent, normalised", [
    ("/DW/Shop/v20_4/Customers/AbC/Addresses/Home", "/dw/shop/v20_4/customers/AbC/addresses/Home"),
    ("/DW/Shop/v20_4/Customers/AbC/Addresses/A/B/C/D", "/dw/shop/v20_4/customers/AbC/addresses/A/B/C/D"),
    ("/S/Site/DW/SHOP/v18_1/Customers/AbC/Product_Lists/L1/Items/I1/Purchases/P1",
     "/s/Site/dw/shop/v18_1/customers/AbC/product_lists/L1/items/I1/purchases/P1"),
    ("/dw/shop/v17_1/Product_Lists/L1/Items/I1", "/dw/shop/v17_1/product_lists/L1/items/I1"),
    ("/dw/shop/v19_6/Customers/Auth/TrustedSystem", "/dw/shop/v19_6/customers/auth/trustedsystem"),
    ("/dw/shop/v18_1/Customers/Password/Actions/Create_Reset_Token",
     "/dw/shop/v18_1/customers/password/actions/create_reset_token"),
    ("/dw/shop/v16_4/Customers/Password_Reset", "/dw/shop/v16_4/customers/password_reset"),
    ("/dw/shop/v16_4/Customers/AbC/Payment_Instruments/PiD", "/dw/shop/v16_4/customers/AbC/payment_instruments/PiD"),
    ("/DW/OAuth2/Access_Token", "/dw/oauth2/access_token"),
    ("/Admin/Customers/", "/Admin/Customers/"),
])
def test_resource_names_are_lowered_at_every_depth_ids_never(sent, normalised):
    assert normalise_api_path(sent) == normalised


def test_a_deep_path_in_mixed_case_resolves(as_customer, customer):
    from addresses.models import CustomerAddress

    CustomerAddress.objects.create(customer=customer, address_id="Home/Work", city="Woburn")
    response = as_customer.get(f"/DW/Shop/v20_4/Customers/{customer.customer_id}/Addresses/Home%2FWork")
    assert response.status_code == 200 and response.json()["address_id"] == "Home/Work"
