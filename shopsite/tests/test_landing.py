"""The landing page at / (HTML) and the API root document at /dw/shop/v16_4/ (JSON or XML)."""
import re

import pytest
from defusedxml import ElementTree

from shopsite.testing import api_url, fault_of

pytestmark = pytest.mark.django_db
ROOT = api_url() + "/"  # the API root; its canonical path ends in a slash
BASE = "http://testserver"


def test_landing_page_is_plain_html_linking_the_api_docs_admin_and_storefront(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    links = set(re.findall(r'href="([^"]+)"', html))
    assert {"/dw/shop/v16_4/", "/dw/shop/v16_4/docs/", "/dw/shop/v16_4/redoc/", "/dw/shop/v16_4/openapi.json",
            "/admin/", "/account/"} <= links
    assert "://" not in html and "<script" not in html and "src=" not in html  # nothing from elsewhere
    for link in links - {"/dw/oauth2/access_token"}:  # every page it links exists (the token endpoint is POST)
        assert client.get(link).status_code in (200, 302), link


def test_landing_page_answers_get_only(client):
    assert client.post("/").status_code == 405


def test_api_root_is_a_json_document_without_client_id_or_token(api, site):
    response = api.get(ROOT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json;charset=UTF-8"
    assert "Accept" in response["Vary"]
    assert response.json() == {
        "_v": "16.4",
        "_type": "api_root",
        "api": "shop",
        "docs": f"{BASE}/dw/shop/v16_4/docs/",
        "jwks": f"{BASE}/.well-known/jwks.json",
        "link": f"{BASE}/dw/shop/v16_4/",
        "oauth_token": f"{BASE}/dw/oauth2/access_token",
        "openapi": f"{BASE}/dw/shop/v16_4/openapi.json",
        "openapi_yaml": f"{BASE}/dw/shop/v16_4/openapi.yaml",
        "redoc": f"{BASE}/dw/shop/v16_4/redoc/",
        "resources": [{"_type": "resource", "link": f"{BASE}/dw/shop/v16_4/customers", "name": "customers"}],
        "site_id": "SiteGenesis",
        "version": "16.4",
    }


def test_api_root_ignores_credentials(api, site):
    response = api.get(ROOT, HTTP_AUTHORIZATION="Bearer not-a-token", HTTP_X_DW_CLIENT_ID="unknown")
    assert response.status_code == 200 and response.json()["_type"] == "api_root"


def test_api_root_without_its_slash_and_in_any_case(api, site):
    assert api.get(api_url()).json()["_type"] == "api_root"
    assert api.get("/DW/Shop/v16_4/").json()["_type"] == "api_root"


def test_api_root_of_a_named_site_links_that_site(api, site, other_site):
    body = api.get(api_url(site="OtherSite") + "/").json()
    assert body["site_id"] == "OtherSite"
    assert body["link"] == f"{BASE}/s/OtherSite/dw/shop/v16_4/"
    assert body["resources"][0]["link"] == f"{BASE}/s/OtherSite/dw/shop/v16_4/customers"
    assert body["docs"] == f"{BASE}/dw/shop/v16_4/docs/"  # the docs describe every site's paths
    assert api.get(api_url(site="OtherSite")).json()["site_id"] == "OtherSite"


@pytest.mark.parametrize("kwargs", [{"data": {"format": "xml"}}, {"HTTP_ACCEPT": "application/xml"}])
def test_api_root_in_xml(api, site, kwargs):
    response = api.get(ROOT, **kwargs)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml;charset=UTF-8"
    root = ElementTree.fromstring(response.content)
    assert root.tag == "api_root" and root.get("_v") == "16.4"
    assert root.find("site_id").text == "SiteGenesis" and root.find("version").text == "16.4"
    assert root.find("resources/resource/name").text == "customers"
    assert root.find("openapi").text == f"{BASE}/dw/shop/v16_4/openapi.json"


def test_api_root_faults(api, site):
    assert fault_of(api.get(api_url(site="Nowhere") + "/"), 404)["arguments"] == {"siteId": "Nowhere"}
    assert fault_of(api.post(ROOT), 405)["type"] == "MethodNotAllowedException"
    assert fault_of(api.get(ROOT, {"format": "yaml"}), 400)["type"] == "ParameterConstraintViolationException"


def test_unknown_paths_under_dw_stay_not_found_faults(api, site):
    for path in (api_url("nothing"), api_url("customers", "x", "nothing"), "/dw/shop/", "/dw/", "/s/SiteGenesis/dw/x"):
        assert fault_of(api.get(path), 404)["type"] == "NotFoundException", path
