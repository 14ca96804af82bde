"""The OCAPI plumbing through real requests: faults, formats, paging, ETags, overrides."""
import json

import pytest
from defusedxml import ElementTree

from shopsite.models import Site
from shopsite.testing import api_url, connected, fault_of, hook_fault

pytestmark = [pytest.mark.django_db, pytest.mark.urls("shopsite.tests.urls")]


# --- faults for routes, methods, sizes, media types, crashes -----------------------------
def test_unknown_route_is_a_not_found_fault(api):
    response = api.get(api_url("nothing", "here"))
    assert fault_of(response, 404)["type"] == "NotFoundException"
    assert response["Content-Type"].startswith("application/json")


def test_unknown_route_outside_the_version_is_a_fault_too(api):
    assert fault_of(api.get("/dw/shop/v99/customers"), 404)["type"] == "NotFoundException"


def test_unknown_route_with_debug_on_is_still_a_fault(api, settings):
    settings.DEBUG = True
    assert fault_of(api.get(api_url("nothing")), 404)["type"] == "NotFoundException"


def test_admin_pages_keep_html_errors(api):
    response = api.get("/no-such-page/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


def test_method_not_allowed_is_a_fault(api):
    response = api.delete(api_url("_test", "items"))
    fault = fault_of(response, 405)
    assert fault["type"] == "MethodNotAllowedException"


def test_body_over_5_mb_is_413(api):
    big = json.dumps({"x": "a" * (5 * 1024 * 1024)})
    response = api.post(api_url("_test", "echo"), big, content_type="application/json")
    assert fault_of(response, 413)["type"] == "RequestEntityTooLargeException"


def test_unsupported_media_type_is_415(api):
    response = api.post(api_url("_test", "echo"), "a=b", content_type="application/x-www-form-urlencoded")
    assert fault_of(response, 415)["type"] == "UnsupportedMediaTypeException"


def test_malformed_json_is_400(api):
    response = api.post(api_url("_test", "echo"), '{"a": ', content_type="application/json")
    assert fault_of(response, 400)["type"] == "MalformedDocumentException"


@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "NaN", '{"a": Infinity}'])
def test_non_object_json_is_400(api, body):
    response = api.post(api_url("_test", "echo"), body, content_type="application/json")
    assert fault_of(response, 400)["type"] == "MalformedDocumentException"


def test_crash_is_an_internal_server_fault_without_details(api):
    response = api.get(api_url("_test", "crash"))
    fault = fault_of(response, 500)
    assert fault["type"] == "InternalServerException"
    assert "provoked" not in response.content.decode()


# --- formats ------------------------------------------------------------------------
def test_json_document_has_version_first_and_omits_unset_values(api):
    response = api.post(api_url("_test", "echo"), {"a": "x", "b": None, "c_origin": "webshop"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert list(body)[:2] == ["_v", "_type"]
    assert body == {"_v": "16.4", "_type": "echo", "a": "x", "c_origin": "webshop"}


def test_xml_response_by_format_parameter(api):
    response = api.post(api_url("_test", "echo", format="xml"), {"postal_code": "01801", "flag": True}, format="json")
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "echo"
    assert root.get("_v") == "16.4"
    assert root.find("postal_code").text == "01801"
    assert root.find("flag").text == "true"


def test_xml_response_by_accept_header(api):
    response = api.get(api_url("_test", "items"), HTTP_ACCEPT="text/xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "item_result"
    assert [item.tag for item in root.find("data")][:2] == ["item", "item"]


def test_format_parameter_wins_over_accept(api):
    response = api.get(api_url("_test", "items", format="json"), HTTP_ACCEPT="application/xml")
    assert response.json()["_type"] == "item_result"


def test_unknown_format_is_a_parameter_fault(api):
    response = api.get(api_url("_test", "items", format="yaml"))
    assert fault_of(response, 400)["type"] == "ParameterConstraintViolationException"


def test_faults_in_xml(api):
    response = api.get(api_url("nothing", format="xml"))
    assert response.status_code == 404
    root = ElementTree.fromstring(response.content)
    assert root.tag == "fault"
    assert root.find("type").text == "NotFoundException"


def test_xml_request_body_is_typed_by_declared_types(api):
    body = (
        '<?xml version="1.0"?><customer_address><address_id>home</address_id>'
        "<postal_code>01801</postal_code><preferred>true</preferred><gender>2</gender>"
        "<c_note>hi</c_note></customer_address>"
    )
    response = api.post(api_url("_test", "echo"), body, content_type="application/xml")
    assert response.json() == {
        "_v": "16.4", "_type": "echo", "address_id": "home", "postal_code": "01801",
        "preferred": True, "gender": 2, "c_note": "hi",
    }


def test_xml_with_entities_is_refused(api):
    body = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><x><a>&e;</a></x>'
    response = api.post(api_url("_test", "echo"), body, content_type="application/xml")
    assert fault_of(response, 400)["type"] == "MalformedDocumentException"


def test_malformed_xml_is_400(api):
    response = api.post(api_url("_test", "echo"), "<a><b></a>", content_type="text/xml")
    assert fault_of(response, 400)["type"] == "MalformedDocumentException"


def test_invalid_custom_attribute_name_is_400(api):
    response = api.post(api_url("_test", "echo"), {"c_bad name": 1}, format="json")
    assert fault_of(response, 400)["type"] == "PropertyConstraintViolationException"


# --- paging -------------------------------------------------------------------------
def test_paging_defaults_without_links(api):
    body = api.get(api_url("_test", "items")).json()
    assert (body["start"], body["count"], body["total"]) == (0, 10, 25)
    assert "next" not in body and "previous" not in body


def test_paging_links_keep_other_parameters_and_are_absolute(api):
    body = api.get(api_url("_test", "items", start=5, count=10, expand="x")).json()
    assert body["next"].startswith("http://testserver/dw/shop/v16_4/_test/items?")
    assert "expand=x" in body["next"] and "start=15" in body["next"] and "count=10" in body["next"]
    assert "start=0" in body["previous"]
    assert [item["item_id"] for item in body["data"]][0] == "item05"


def test_last_page_has_no_next(api):
    body = api.get(api_url("_test", "items", start=20, count=10)).json()
    assert body["count"] == 5
    assert "next" not in body
    assert "start=10" in body["previous"]


@pytest.mark.parametrize("query", ["start=-1", "start=1000", "count=0", "count=201", "count=abc", "start=1.5"])
def test_paging_out_of_bounds_is_a_parameter_fault(api, query):
    response = api.get(f"{api_url('_test', 'items')}?{query}")
    assert fault_of(response, 400)["type"] == "ParameterConstraintViolationException"


@pytest.mark.parametrize("query", ["start=999", "count=200", "count=1"])
def test_paging_bounds_are_inclusive(api, query):
    assert api.get(f"{api_url('_test', 'items')}?{query}").status_code == 200


# --- ETag / If-Match ----------------------------------------------------------------
def test_etag_and_if_match(api, site):
    etag = api.get(api_url("_test", "site"))["ETag"]
    assert len(etag) == 64
    stale = api.patch(api_url("_test", "site"), {"name": "B"}, format="json", HTTP_IF_MATCH="0" * 64)
    assert fault_of(stale, 412)["type"] == "InvalidIfMatchException"
    site.refresh_from_db()
    assert site.name == "Site Genesis"
    ok = api.patch(api_url("_test", "site"), {"name": "B"}, format="json", HTTP_IF_MATCH=f'"{etag}"')
    assert ok.status_code == 200
    assert ok["ETag"] != etag
    assert api.patch(api_url("_test", "site"), {"name": "C"}, format="json", HTTP_IF_MATCH="*").status_code == 200
    assert api.patch(api_url("_test", "site"), {"name": "D"}, format="json").status_code == 200


# --- method override, sites, case-insensitive resources ------------------------------
@pytest.mark.parametrize("method", ["PATCH", "PUT", "DELETE"])
def test_method_override_header(api, method):
    response = api.post(api_url("_test", "method"), {}, format="json", HTTP_X_DW_HTTP_METHOD_OVERRIDE=method)
    assert response.json()["method"] == method


def test_method_override_query_parameter(api):
    assert api.post(api_url("_test", "method", method="PUT"), {}, format="json").json()["method"] == "PUT"


def test_named_site_prefix(api, other_site):
    body = api.get(api_url("_test", "site", site="OtherSite")).json()
    assert body["site_id"] == "OtherSite"


def test_unknown_site_is_404_fault(api):
    assert fault_of(api.get(api_url("_test", "site", site="Nowhere")), 404)["type"] == "NotFoundException"


def test_resource_names_are_case_insensitive(api):
    assert fault_of(api.get("/DW/Shop/v16_4/nothing"), 404)["type"] == "NotFoundException"
    assert api.get("/S/SiteGenesis/dw/shop/v16_4/_test/site").status_code == 200


def test_no_cache_headers_on_api_responses(api):
    response = api.get(api_url("_test", "items"))
    assert response["Cache-Control"] == "no-cache,no-store,must-revalidate"


def test_request_id_is_echoed_or_made(api):
    assert api.get(api_url("_test", "items"), HTTP_X_REQUEST_ID="abc-123")["X-Request-ID"] == "abc-123"
    assert len(api.get(api_url("_test", "items"))["X-Request-ID"]) == 32


# --- hooks through a real write -----------------------------------------------------
def test_hook_error_status_rolls_back_and_answers_hook_status_exception(api):
    from customers.signals import customer_before_post

    with connected(customer_before_post, hook_fault("EXT_FAIL", "Refused by the test.")):
        response = api.post(api_url("_test", "hooked"), {"site_id": "Hooked"}, format="json")
    assert fault_of(response, 400) == {
        "type": "HookStatusException",
        "message": "Error in ExtensionPoint 'dw.ocapi.shop.customer.beforePost'!",
        "arguments": {
            "extensionPoint": "dw.ocapi.shop.customer.beforePost",
            "statusCode": "EXT_FAIL",
            "statusMessage": "Refused by the test.",
        },
    }
    assert not Site.objects.filter(site_id="Hooked").exists()


def test_hook_without_receivers_lets_the_write_stand(api):
    assert api.post(api_url("_test", "hooked"), {"site_id": "Kept"}, format="json").status_code == 200
    assert Site.objects.filter(site_id="Kept").exists()


def test_request_log_line_has_the_request_id_and_no_secrets(api, caplog):
    import logging

    with caplog.at_level(logging.INFO, logger="shopsite.requests"):
        api.get(api_url("_test", "items", client_id="abc", secret="hunter2"), HTTP_X_REQUEST_ID="req-1",
                HTTP_AUTHORIZATION="Basic aHVudGVyMg==")
    (record,) = [r for r in caplog.records if r.name == "shopsite.requests"]
    line = json.loads(record.getMessage())
    assert line == {"request_id": "req-1", "method": "GET", "path": api_url("_test", "items"), "status": 200,
                    "duration_ms": line["duration_ms"]}
    assert "hunter2" not in caplog.text and "aHVudGVyMg" not in caplog.text


def test_crash_log_names_the_request_id(api, caplog):
    import logging

    with caplog.at_level(logging.ERROR, logger="shopsite.faults"):
        api.get(api_url("_test", "crash"), HTTP_X_REQUEST_ID="crash-42")
    assert "request id crash-42" in caplog.text
