"""OCAPI settings in the access layer: which client may call which operation (403 otherwise)."""
import base64
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from addresses.models import CustomerAddress
from customers.signals import customer_before_post
from shopsite.checks import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from shopsite.ocapi_settings.operations import served_operations
from shopsite.testing import api_url, connected, fault_of, hook_fault
from shopsite.tests.ocapi_settings_support import (
    API,
    call,
    client,
    document,
    entry,
    find_operation,
    operation_ids,
    operation_path,
    operation_version,
    save,
)

pytestmark = pytest.mark.django_db
OTHER = "other-storefront"


@pytest.fixture
def demo_api(as_customer):
    """The demo client's customer JWT (jsmith); every call also names the demo client."""
    return as_customer


def forbidden(response, method, resource, client_id=DEMO_CLIENT_ID, version="16.4"):
    assert fault_of(response, 403, version=version) == {
        "type": "ClientAccessForbiddenException",
        "message": f"Unauthorized access to resource '{resource}' using method '{method}' by client '{client_id}'.",
        "arguments": {"method": method, "resource": resource, "clientId": client_id},
    }


def is_forbidden(response):
    return response.status_code == 403 and response.json()["fault"]["type"] == "ClientAccessForbiddenException"


def test_served_operations_are_read_from_the_url_patterns():
    assert len(served_operations()) == 41  # the OpenAPI description's operations
    assert "GET /customers/{customer_id}/addresses/{address_name}" in operation_ids()
    assert "POST /customers/auth" in operation_ids() and "GET /customers/auth" not in operation_ids()


@pytest.mark.parametrize("operation", operation_ids())
def test_a_client_listed_nowhere_gets_403_on_every_operation(demo_api, customer, operation):
    save(document(client(OTHER, entry("/**"))))
    op = find_operation(operation)
    response = call(demo_api, op, customer.customer_id)
    resource = operation_path(op, customer.customer_id)
    forbidden(response, op.method, resource, version=operation_version(op)[1:].replace("_", "."))


@pytest.mark.parametrize("operation", operation_ids())
def test_without_any_document_every_operation_is_open(demo_api, customer, operation):
    assert not is_forbidden(call(demo_api, find_operation(operation), customer.customer_id))


@pytest.mark.parametrize("operation", operation_ids())
def test_a_wildcard_entry_grants_exactly_the_operations_it_names(demo_api, customer, operation):
    save(document(client(DEMO_CLIENT_ID, entry("/customers/*/addresses", ["get", "post"]))))
    response = call(demo_api, find_operation(operation), customer.customer_id,
                    body={"address_id": "work", "city": "Boston", "country_code": "US", "last_name": "Smith"})
    granted = operation in {"GET /customers/{customer_id}/addresses", "POST /customers/{customer_id}/addresses"}
    assert is_forbidden(response) != granted, response.content
    if granted:
        assert response.status_code == 200, response.content


def test_the_whole_resource_and_its_parts(demo_api, customer):
    save(document(client(DEMO_CLIENT_ID, entry("/customers/**", ["get"]),
                         entry("/customers/*/addresses/*", ["delete"]))))
    CustomerAddress.objects.create(customer=customer, address_id="home", city="Woburn")
    url = f"{API}/customers/{customer.customer_id}/addresses/home"
    assert demo_api.get(url).status_code == 403  # the more specific entry wins, and grants delete only
    assert demo_api.delete(url).status_code == 204
    assert demo_api.get(f"{API}/customers/{customer.customer_id}").status_code == 200
    assert demo_api.head(f"{API}/customers/{customer.customer_id}").status_code == 200  # get grants HEAD
    forbidden(demo_api.patch(f"{API}/customers/{customer.customer_id}", {}, format="json"), "PATCH",
              f"/customers/{customer.customer_id}")


def test_the_method_is_the_effective_one_after_an_override(demo_api, customer):
    save(document(client(DEMO_CLIENT_ID, entry("/customers/*", ["get", "post"]))))
    url = f"{API}/customers/{customer.customer_id}"
    response = demo_api.post(url, {"fax": "1"}, format="json", HTTP_X_DW_HTTP_METHOD_OVERRIDE="PATCH")
    forbidden(response, "PATCH", f"/customers/{customer.customer_id}")
    forbidden(demo_api.post(url + "?method=PATCH", {"fax": "1"}, format="json"), "PATCH",
              f"/customers/{customer.customer_id}")


def test_resource_names_are_case_insensitive_and_the_fault_names_the_path_as_sent(demo_api, customer, other_site):
    save(document(client(DEMO_CLIENT_ID, entry("/CUSTOMERS/*/Addresses", ["get"]))))
    assert demo_api.get(f"{API}/Customers/{customer.customer_id}/ADDRESSES").status_code == 200
    response = demo_api.get(f"/S/SiteGenesis/DW/Shop/v16_4/Customers/{customer.customer_id}/Payment_Instruments")
    forbidden(response, "GET", f"/Customers/{customer.customer_id}/Payment_Instruments")


def test_ids_are_compared_exactly_and_an_address_name_is_one_segment(demo_api, customer):
    save(document(client(DEMO_CLIENT_ID, entry("/customers/*/addresses/*", ["get"]),
                         entry(f"/customers/{customer.customer_id}", ["get"]))))
    CustomerAddress.objects.create(customer=customer, address_id="a/b", city="Woburn")
    assert demo_api.get(f"{API}/customers/{customer.customer_id}/addresses/a%2Fb").status_code == 200
    assert demo_api.get(f"{API}/customers/{customer.customer_id}").status_code == 200
    assert is_forbidden(demo_api.get(f"{API}/customers/{customer.customer_id.upper()}"))


def test_a_site_document_replaces_the_global_one_for_the_clients_it_lists(api, client_app, other_site, jwt_for,
                                                                         make_customer):
    from shopsite.models import ApiClient

    ApiClient.objects.create(client_id=OTHER)
    save(document(client(DEMO_CLIENT_ID, entry("/customers/auth", ["post"])),
                  client(OTHER, entry("/customers/auth", ["post"]))))
    save(document(client(DEMO_CLIENT_ID, entry("/customers/password_reset", ["post"]))), site=other_site)

    def guest(site_prefix, client_id):
        return api.post(f"{site_prefix}{API}/customers/auth?client_id={client_id}", {"type": "guest"}, format="json")

    assert guest("", DEMO_CLIENT_ID).status_code == 200
    forbidden(guest("/s/OtherSite", DEMO_CLIENT_ID), "POST", "/customers/auth")  # the site's entry replaces it
    assert guest("/s/OtherSite", OTHER).status_code == 200  # not listed by the site: the global entry
    reset = api.post(f"/s/OtherSite{API}/customers/password_reset?client_id={DEMO_CLIENT_ID}",
                     {"identification": "nobody", "type": "login"}, format="json")
    assert reset.status_code == 204
    assert is_forbidden(api.post(f"{API}/customers/password_reset?client_id={DEMO_CLIENT_ID}",
                                 {"identification": "nobody", "type": "login"}, format="json"))


def test_a_site_document_alone_governs_that_site_only(api, client_app, other_site):
    save(document(client(OTHER, entry("/**"))), site=other_site)
    body = {"type": "guest"}
    assert api.post(f"{API}/customers/auth?client_id={DEMO_CLIENT_ID}", body, format="json").status_code == 200
    forbidden(api.post(f"/s/OtherSite{API}/customers/auth?client_id={DEMO_CLIENT_ID}", body, format="json"),
              "POST", "/customers/auth")


def test_nothing_runs_and_no_hook_fires_on_refusal(api, client_app, guest, jwt_for):
    save(document(client(DEMO_CLIENT_ID, entry("/customers/auth", ["post"]))))
    receiver = hook_fault()
    with connected(customer_before_post, receiver):
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(guest, kind='guest')}")
        body = {"password": "S3cret-pass!", "customer": {"login": "newbie", "email": "n@example.com",
                                                         "last_name": "N"}}
        forbidden(api.post(f"{API}/customers", body, format="json"), "POST", "/customers")
    assert receiver.calls == []
    from customers.models import Customer

    assert not Customer.objects.filter(login_key="newbie").exists()


def test_a_refused_write_with_an_invalid_body_is_403_not_400(demo_api, customer):
    save(document(client(DEMO_CLIENT_ID, entry("/customers/*", ["get"]))))
    url = f"{API}/customers/{customer.customer_id}/addresses"
    for body, content_type in (("{not json", "application/json"), ("<x", "application/xml"),
                               ('{"address_id": 5}', "application/json"), ("x", "text/plain")):
        response = demo_api.generic("POST", url, body, content_type=content_type)
        forbidden(response, "POST", f"/customers/{customer.customer_id}/addresses")


def test_operations_without_a_token_name_their_client(api, client_app):
    save(document(client(DEMO_CLIENT_ID, entry("/customers/password_reset", ["post"]))))
    body = {"identification": "nobody", "type": "login"}
    assert fault_of(api.post(f"{API}/customers/password_reset", body, format="json"), 400) == {
        "type": "MissingClientIdException",
        "message": "The client id is missing: pass client_id or x-dw-client-id.",
    }
    assert api.post(f"{API}/customers/password_reset", body, format="json",
                    HTTP_X_DW_CLIENT_ID=DEMO_CLIENT_ID).status_code == 204
    forbidden(api.post(f"{API}/customers/password_reset?client_id=someone", body, format="json"),
              "POST", "/customers/password_reset", "someone")


def test_a_token_is_judged_as_its_own_client(api, client_app, customer, jwt_for):
    save(document(client(OTHER, entry("/**"))))
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(customer)}")
    forbidden(api.get(f"{API}/customers/{customer.customer_id}"), "GET", f"/customers/{customer.customer_id}")
    # naming another client with the token is still the token's fault (401), before the settings
    response = api.get(f"{API}/customers/{customer.customer_id}?client_id={OTHER}")
    assert fault_of(response, 401)["type"] == "InvalidAccessTokenException"


def test_the_fault_is_xml_when_xml_is_asked_for(demo_api, customer):
    save(document(client(OTHER)))
    response = demo_api.get(f"{API}/customers/{customer.customer_id}?format=xml")
    assert response.status_code == 403 and b"<type>ClientAccessForbiddenException</type>" in response.content


def test_response_headers_are_added_for_that_client(demo_api, customer, api):
    save(document(client(DEMO_CLIENT_ID, entry("/customers/*", ["get"]),
                         response_headers={"X-Shop": "one", "Content-Security-Policy": "default-src 'none'"})))
    response = demo_api.get(f"{API}/customers/{customer.customer_id}")
    assert response["X-Shop"] == "one" and response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Cache-Control"] == "no-cache,no-store,must-revalidate"
    refused = demo_api.patch(f"{API}/customers/{customer.customer_id}", {}, format="json")
    assert refused.status_code == 403 and refused["X-Shop"] == "one"  # the client is known: its headers too
    api.credentials()
    other = api.post(f"{API}/customers/auth?client_id={OTHER}", {"type": "guest"}, format="json")
    assert other.status_code == 403 and "X-Shop" not in other


def test_steady_state_costs_no_query(demo_api, customer):
    save(document(client(DEMO_CLIENT_ID, entry("/customers/**"))))
    url = f"{API}/customers/{customer.customer_id}"
    demo_api.get(url)  # reads the documents once
    with CaptureQueriesContext(connection) as queries:
        assert demo_api.get(url).status_code == 200
    assert not [query for query in queries if "ocapisettings" in query["sql"].lower()]
    assert len(queries) == 1  # the token with its customer, as without documents


def test_cors_follows_the_document_of_the_site(api, client_app, other_site):
    """The fixture's ApiClient allows https://shop.example.com."""
    preflight = {"HTTP_ORIGIN": "https://shop.example.com", "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "POST"}

    def allowed(prefix="", origin="https://shop.example.com", query=f"?client_id={DEMO_CLIENT_ID}"):
        response = api.options(f"{prefix}{API}/customers/auth{query}", **{**preflight, "HTTP_ORIGIN": origin})
        return response.get("Access-Control-Allow-Origin") == origin

    assert allowed() and not allowed(origin="https://app.example.com")
    save(document(client(DEMO_CLIENT_ID, allowed_origins=["https://app.example.com"])))
    assert allowed(origin="https://app.example.com") and not allowed()
    assert allowed(origin="https://app.example.com", query="")  # a preflight naming no client: any client's
    save(document(client(DEMO_CLIENT_ID, allowed_origins=["https://other.example.com"])), site=other_site)
    assert allowed("/s/OtherSite", origin="https://other.example.com")
    assert not allowed("/s/OtherSite", origin="https://app.example.com")
    save(document(client(DEMO_CLIENT_ID, entry("/**"))))  # listed without allowed_origins: the ApiClient's
    assert allowed() and not allowed(origin="https://app.example.com")


def test_json_body_of_a_granted_request_is_still_validated(demo_api, customer):
    save(document(client(DEMO_CLIENT_ID, entry("/customers/*/addresses", ["post"]))))
    response = demo_api.generic("POST", f"{API}/customers/{customer.customer_id}/addresses", "{not json",
                                content_type="application/json")
    assert fault_of(response, 400)["type"] == "MalformedDocumentException"
    assert json.loads(response.content)["_v"] == "16.4"


def test_the_oauth_endpoint_the_jwks_and_the_api_root_are_outside_the_documents(api, client_app):
    save(document(client(OTHER)))
    basic = base64.b64encode(f"{DEMO_CLIENT_ID}:{DEMO_CLIENT_SECRET}".encode()).decode()
    token = api.post("/dw/oauth2/access_token", "grant_type=client_credentials",
                     content_type="application/x-www-form-urlencoded", HTTP_AUTHORIZATION=f"Basic {basic}")
    assert token.status_code == 200 and token.json()["token_type"] == "Bearer"
    assert api.get("/.well-known/jwks.json").status_code == 200
    assert api.get(f"{API}/?client_id={DEMO_CLIENT_ID}").status_code == 200


def test_the_view_knows_the_entry_that_granted_the_operation(demo_api, customer):
    """What the read and write attributes of that entry will apply to (``view.client_resource``)."""
    from shopsite.signals import api_write_succeeded

    save(document(client(DEMO_CLIENT_ID, entry("/customers/**", ["get"]),
                         entry("/customers/*", ["patch"], write_attributes="(fax)"))))
    seen = []

    def receiver(sender, view, **kwargs):
        seen.append((view.client_resource.resource_id, view.client_resource.write_attributes))

    with connected(api_write_succeeded, receiver):
        assert demo_api.patch(f"{API}/customers/{customer.customer_id}", {"fax": "1"}, format="json").status_code == 200
    assert seen == [("/customers/*", "(fax)")]


def test_an_invalid_site_document_grants_nothing_on_its_site_and_never_falls_back(api, client_app, other_site):
    """A site's document that no longer validates (written around the service) fails closed:
    every client gets nothing there, not its global entry; the other sites keep the global one."""
    from shopsite.models import OcapiSettings
    from shopsite.ocapi_settings import runtime

    save(document(client(DEMO_CLIENT_ID, entry("/customers/**"))))
    save(document(client(DEMO_CLIENT_ID, entry("/customers/auth", ["post"]))), site=other_site)
    body = {"type": "guest"}
    assert api.post(f"/s/OtherSite{API}/customers/auth?client_id={DEMO_CLIENT_ID}", body,
                    format="json").status_code == 200
    OcapiSettings.objects.filter(site=other_site).update(text='{"_v": "19.5", "clients": "oops"}')
    runtime.forget_ocapi_settings()
    preflight = {"HTTP_ORIGIN": "https://shop.example.com", "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "POST"}
    on_site = api.post(f"/s/OtherSite{API}/customers/auth?client_id={DEMO_CLIENT_ID}", body, format="json",
                       HTTP_ORIGIN="https://shop.example.com")
    forbidden(on_site, "POST", "/customers/auth")
    assert "Access-Control-Allow-Origin" not in on_site  # no origin either (not the ApiClient's)
    assert "Access-Control-Allow-Origin" not in api.options(
        f"/s/OtherSite{API}/customers/auth?client_id={DEMO_CLIENT_ID}", **preflight)
    assert api.post(f"{API}/customers/auth?client_id={DEMO_CLIENT_ID}", body, format="json").status_code == 200
    assert api.options(f"{API}/customers/auth?client_id={DEMO_CLIENT_ID}", **preflight)[
        "Access-Control-Allow-Origin"] == "https://shop.example.com"


def test_cors_of_a_request_with_a_token_follows_the_tokens_client(api, client_app, customer, jwt_for, oauth_token):
    """Naming no client, a request with a bearer token gets its client's origins, not any
    client's: the authenticated token's (no query), or the unverified ``iss`` of a JWT that
    did not authenticate (its 401 must reach the storefront)."""
    from shopsite.models import ApiClient

    ApiClient.objects.create(client_id=OTHER, allowed_origins="https://other.example.com")
    save(document(client(DEMO_CLIENT_ID, entry("/customers/**"), allowed_origins=["https://app.example.com"]),
                  client(OTHER, entry("/customers/**"))))
    url = f"{API}/customers/{customer.customer_id}"
    jwt = jwt_for(customer)

    def allow_origin(origin, token, query=""):
        response = api.get(f"{url}{query}", HTTP_ORIGIN=origin, HTTP_AUTHORIZATION=f"Bearer {token}")
        return response.status_code, response.get("Access-Control-Allow-Origin")

    assert allow_origin("https://app.example.com", jwt) == (200, "https://app.example.com")
    assert allow_origin("https://other.example.com", jwt) == (200, None)  # another client's origin
    assert allow_origin("https://app.example.com", oauth_token) == (200, "https://app.example.com")
    assert allow_origin("https://other.example.com", oauth_token) == (200, None)
    header, payload, _ = jwt.split(".")
    forged = f"{header}.{payload}.bm90LWEtc2lnbmF0dXJl"  # not verified: 401, with the issuer's origins
    assert allow_origin("https://app.example.com", forged) == (401, "https://app.example.com")
    assert allow_origin("https://other.example.com", forged) == (401, None)
    # a named client id is taken as the access layer takes it (stripped)
    assert allow_origin("https://app.example.com", jwt, query=f"?client_id=%20{DEMO_CLIENT_ID}%20") == (
        200, "https://app.example.com")
    api.get(url, HTTP_ORIGIN="https://app.example.com", HTTP_AUTHORIZATION=f"Bearer {jwt}")
    with CaptureQueriesContext(connection) as queries:
        assert allow_origin("https://app.example.com", jwt) == (200, "https://app.example.com")
    assert len(queries) == 1  # the token with its customer, as without an Origin


def test_origins_compare_as_browsers_send_them(api, client_app, other_site):
    """Scheme and host in lower case, no default port: in documents and in the ApiClient's list."""
    preflight = {"HTTP_ACCESS_CONTROL_REQUEST_METHOD": "POST"}

    def allowed(origin, prefix=""):
        response = api.options(f"{prefix}{API}/customers/auth?client_id={DEMO_CLIENT_ID}", HTTP_ORIGIN=origin,
                               **preflight)
        return response.get("Access-Control-Allow-Origin") == origin

    client_app.allowed_origins = "HTTPS://Shop.Example.com:443/\nhttp://Localhost:80\nhttp://localhost:3000"
    client_app.save()
    assert allowed("https://shop.example.com") and allowed("http://localhost") and allowed("http://localhost:3000")
    save(document(client(DEMO_CLIENT_ID, allowed_origins=["https://App.Example.COM:443", "http://[::1]:80",
                                                          "https://app.example.com:8443"])), site=other_site)
    assert allowed("https://app.example.com", "/s/OtherSite") and allowed("http://[::1]", "/s/OtherSite")
    assert allowed("https://app.example.com:8443", "/s/OtherSite")
    assert not allowed("https://shop.example.com", "/s/OtherSite")

# --- version_range: an entry is in force in its versions only --------------------------------------
def test_an_entry_applies_in_the_versions_of_its_range_only(demo_api, customer):
    save(document(client(DEMO_CLIENT_ID,
                         entry("/customers/**", ["get"], version_range={"from": "20.4"}),
                         entry("/customers/*/addresses", ["get", "post"],
                               version_range={"from": "16.4", "until": "20.4"}))))
    cid = customer.customer_id

    def addresses(version, method="get"):
        return getattr(demo_api, method)(api_url("customers", cid, "addresses", version=version),
                                         {"address_id": f"a{version}", "city": "Boston"}
                                         if method == "post" else None, format="json")

    # /customers/*/addresses: from 16.4 (included) until 20.4 (excluded)
    assert addresses("v16_4").status_code == 200 and addresses("v20_3").status_code == 200
    assert addresses("v18_1", "post").status_code == 200
    forbidden(addresses("v16_1"), "GET", f"/customers/{cid}/addresses", version="16.1")  # neither is in force
    # from 20.4 the more specific entry is out of its range: /customers/** decides (get only)
    assert addresses("v20_4").status_code == 200 and addresses("v23_2").status_code == 200
    forbidden(addresses("v20_4", "post"), "POST", f"/customers/{cid}/addresses", version="20.4")
    assert demo_api.get(api_url("customers", cid, version="v20_4")).status_code == 200
    forbidden(demo_api.get(api_url("customers", cid, version="v16_4")), "GET", f"/customers/{cid}")
    forbidden(demo_api.get(api_url("customers", cid, version="v20_3")), "GET", f"/customers/{cid}", version="20.3")


def test_version_ranges_of_the_rules():
    from shopsite.ocapi_settings import validate_ocapi_settings
    from shopsite.versions import ApiVersion

    validation = validate_ocapi_settings(json.dumps(document(client(
        DEMO_CLIENT_ID, entry("/a", version_range={"from": "16.4", "until": "20.4"}),
        entry("/b", version_range={"until": "17.1"}), entry("/c", version_range={}), entry("/d")))))
    a, b, c, d = validation.document.clients[DEMO_CLIENT_ID].resources
    assert [a.applies_to(ApiVersion.parse(v)) for v in ("16.3", "16.4", "20.3", "20.4")] == [False, True, True, False]
    assert [b.applies_to(ApiVersion.parse(v)) for v in ("16.1", "16.9", "17.1")] == [True, True, False]
    assert c.applies_to(ApiVersion(23, 2)) and d.applies_to(ApiVersion(16, 1)) and a.applies_to(None)
