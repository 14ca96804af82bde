"""The OpenAPI description (shopsite.openapi): valid, complete, true to the documents served."""
import ast
import io
import json
from pathlib import Path

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from jsonschema import Draft202012Validator

from shopsite import faults
from shopsite.openapi import FAULTS, OPERATIONS, fault_type_name
from shopsite.testing import api_url

pytestmark = pytest.mark.django_db
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def spec(api):
    response = api.get(api_url("openapi.json"))
    assert response.status_code == 200
    return json.loads(response.content)


def operations(spec):
    return {
        (method.upper(), path): operation
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }


def validator(spec, component):
    """A validator of one component, with the schema's other components to refer to."""
    return Draft202012Validator({"$ref": f"#/components/schemas/{component}", "components": spec["components"]})


def assert_valid(spec, component, document):
    errors = [f"{list(error.absolute_path)}: {error.message}"
              for error in validator(spec, component).iter_errors(document)]
    assert errors == []


def test_spectacular_validates_the_schema_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out), stdout=io.StringIO())
    assert yaml.safe_load(out.read_text())["openapi"] == "3.1.0"


def test_every_operation_of_the_spec_once_on_the_default_site(spec):
    ops = operations(spec)
    # the spec's 20 and the 20.4 password reset completion; create_reset_token (18.1), auth/trustedsystem
    # (19.6) and the 18 product list operations (17.1, purchases 18.1) are in the schemas of their versions
    assert len(ops) == 21 and len(OPERATIONS) == 41
    assert ("POST", "/customers/password/actions/reset") in ops
    assert not {("POST", "/customers/password/actions/create_reset_token"),
                ("POST", "/customers/auth/trustedsystem"), ("GET", "/product_lists/{list_id}")} & set(ops)
    assert not any(path.startswith("/s/") or "site_id" in path for _, path in ops)
    assert [server["url"] for server in spec["servers"]] == ["/dw/shop/v16_4", "/s/{site_id}/dw/shop/v16_4"]
    assert "/s/{site_id}/dw/shop/v16_4/" in spec["info"]["description"]
    assert len({operation["operationId"] for operation in ops.values()}) == 21


def test_each_path_lists_its_operations_in_a_fixed_order(spec):
    from shopsite.openapi import METHOD_ORDER

    for path, item in spec["paths"].items():
        assert list(item) == sorted(item, key=METHOD_ORDER.index), path


def test_the_fault_enum_is_every_fault_type(spec):
    fault_types = spec["components"]["schemas"]["fault"]["properties"]["fault"]["properties"]["type"]["enum"]
    classes = {name: value for name, value in vars(faults).items()
               if isinstance(value, type) and issubclass(value, faults.OcapiFault) and value is not faults.OcapiFault}
    assert set(classes) == set(FAULTS)
    assert set(fault_types) == {cls.type_name or name for name, cls in classes.items()}
    # a status variant answers the type it varies, under a class of its own
    variants = {name: cls.type_name for name, cls in classes.items() if cls.type_name}
    assert variants == {"CustomerNotFoundByLoginException": "CustomerNotFoundException"}
    assert all(variants[name] in classes and classes[name].status_code != classes[variants[name]].status_code
               for name in variants)


def test_the_plumbing_imports_no_domain_app():
    """Apps import shopsite and register their descriptions; shopsite never names them."""
    domain_apps = {"customers", "addresses", "payments", "orders", "productlists"}
    for module in ("openapi.py", "openapi_blocks.py"):
        tree = ast.parse((Path(faults.__file__).parent / module).read_text())
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not {name.split(".")[0] for name in imported} & domain_apps, module


def test_every_app_describes_its_own_operations():
    from shopsite.openapi import APP_DESCRIPTIONS

    assert set(APP_DESCRIPTIONS) == {"customers", "addresses", "payments", "orders", "productlists"}
    for app_label, description in APP_DESCRIPTIONS.items():
        assert {operation.view.__module__ for operation in description.operations()} == {f"{app_label}.views"}


def test_every_fault_type_says_what_it_means(spec):
    assert all(vars(fault_type).get("meaning") for fault_type in FAULTS.values())
    table = spec["paths"]["/customers/{customer_id}"]["get"]["responses"]["404"]["description"]
    assert f"| `CustomerNotFoundException` | {faults.CustomerNotFoundException.meaning} |" in table


def test_every_operation_documents_its_faults(spec):
    for (method, path), operation in operations(spec).items():
        responses = operation["responses"]
        label = f"{method} {path}"
        assert {"400", "404", "405", "413"} <= set(responses), label
        if "requestBody" in operation:
            assert "415" in responses, label
        if any(requirement for requirement in operation["security"]):
            assert "401" in responses, label
        for status, response in responses.items():
            if int(status) >= 400:
                types = response["content"]["application/json"]["schema"]["allOf"][1]["properties"]["fault"][
                    "properties"]["type"]["enum"]
                statuses = {name: {cls.status_code for cls in FAULTS.values() if fault_type_name(cls) == name}
                            for name in types}
                assert all(int(status) in statuses[name] for name in types), (label, status)
                assert all(f"`{name}`" in response["description"] for name in types)


def test_fault_types_of_the_spec_tables_are_listed(spec):
    ops = operations(spec)

    def types(method, path, status):
        return ops[(method, path)]["responses"][status]["content"]["application/json"]["schema"]["allOf"][1][
            "properties"]["fault"]["properties"]["type"]["enum"]

    assert "InvalidCustomerException" in types("GET", "/customers/{customer_id}/orders", "400")
    assert "CustomerAddressNotFoundException" in types("PATCH", "/customers/{customer_id}/addresses/{address_name}",
                                                       "404")
    assert {"LoginAlreadyInUseException", "MissingPasswordException"} <= set(types("POST", "/customers", "400"))
    assert types("POST", "/customers/auth", "429") == ["TooManyRequestsException"]
    assert types("PATCH", "/customers/{customer_id}", "412") == ["InvalidIfMatchException"]
    assert "AuthenticationFailedException" in types("POST", "/customers/auth", "401")
    assert ops[("POST", "/customers/auth")]["responses"]["429"]["headers"]["Retry-After"]


def test_parameters_and_security_as_the_spec_gives_them(spec):
    ops = operations(spec)

    def parameter(method, path, name):
        return next(p for p in ops[(method, path)]["parameters"] if p["name"] == name)

    assert parameter("GET", "/customers/{customer_id}/addresses", "start")["schema"]["maximum"] == 999
    assert parameter("GET", "/customers/{customer_id}/addresses", "count")["schema"]["maximum"] == 200
    assert "maximum" not in parameter("GET", "/customers/{customer_id}/orders", "start")["schema"]
    assert parameter("GET", "/customers/{customer_id}/orders", "cross-sites")["schema"]["type"] == "boolean"
    assert parameter("GET", "/customers/{customer_id}", "expand")["schema"]["items"]["enum"] == [
        "addresses", "paymentinstruments"]
    assert parameter("GET", "/customers/{customer_id}/payment_instruments", "payment_method_id")
    assert parameter("PATCH", "/customers/{customer_id}", "If-Match")["in"] == "header"
    assert ops[("PUT", "/customers/{customer_id}/password")]["security"] == [{"customerJWT": []}]
    assert {"credentialsBasic": []} in ops[("POST", "/customers/auth")]["security"]
    schemes = spec["components"]["securitySchemes"]
    assert schemes["customerJWT"]["scheme"] == "bearer"
    assert schemes["oauthToken"]["flows"]["clientCredentials"]["tokenUrl"] == "/dw/oauth2/access_token"
    assert schemes["credentialsBasic"]["scheme"] == "basic"


def test_documents_use_the_16_4_names(spec):
    schemas = spec["components"]["schemas"]
    instrument = schemas["customer_payment_instrument"]["properties"]
    assert "gift_certificate_code_masked" in instrument and "masked_gift_certificate_code" not in instrument
    assert schemas["customer"]["properties"]["_type"]["const"] == "customer"
    assert schemas["customer"]["additionalProperties"] is False
    assert list(schemas["customer"]["patternProperties"]) == ["^c_[A-Za-z][A-Za-z0-9_]{0,255}$"]


def test_served_documents_match_their_schemas(spec, as_customer, customer):
    from addresses.models import CustomerAddress

    CustomerAddress.objects.create(customer=customer, address_id="home", city="Woburn", country_code="US",
                                   custom={"c_hours": "9-17"})
    created = as_customer.post(
        api_url("customers", customer.customer_id, "payment_instruments"),
        {"payment_method_id": "CREDIT_CARD", "gift_certificate_code": "gift_code7",
         "payment_card": {"number": "4111111111111111", "expiration_month": 7, "expiration_year": 2030}},
        format="json",
    )
    assert created.status_code == 200
    assert_valid(spec, "customer_payment_instrument", created.json())
    got = as_customer.get(api_url("customers", customer.customer_id, expand="addresses,paymentinstruments"))
    assert_valid(spec, "customer", got.json())
    assert_valid(spec, "customer_address_result", as_customer.get(
        api_url("customers", customer.customer_id, "addresses", count=1)).json())
    fault = as_customer.get(api_url("customers", "someone-else")).json()
    assert_valid(spec, "fault", fault)


def test_the_schema_refuses_what_the_spec_does_not_name(spec):
    assert not validator(spec, "customer_payment_instrument").is_valid(
        {"_type": "customer_payment_instrument", "masked_gift_certificate_code": "***e7", "payment_card": {},
         "payment_bank_account": {}, "payment_instrument_id": "x", "payment_method_id": "CREDIT_CARD"})
    assert not validator(spec, "fault").is_valid({"_type": "fault", "fault": {"type": "Oops", "message": "m"}})


def test_yaml_form(api):
    response = api.get(api_url("openapi.yaml"))
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["info"]["version"] == "16.4"


@pytest.mark.parametrize("page, script", [
    ("docs/", "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"),
    ("redoc/", "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"),
])
def test_docs_pages_load_everything_from_this_site(api, page, script):
    response = api.get(api_url(page), HTTP_ACCEPT="text/html")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"/static/{script}" in html
    assert finders.find(script)
    assert "http://" not in html and "https://" not in html  # no CDN, no web fonts
    assert api_url("openapi.json") in html


def test_docs_pages_without_the_slash_redirect(api):
    response = api.get(api_url("docs"))
    assert response.status_code == 302
    assert response["Location"] == api_url("docs") + "/"


def test_fault_check_of_the_fuzzing_gate():
    pytest.importorskip("schemathesis")
    from fuzz.hooks import fault_problem

    class Response:
        def __init__(self, body, content_type="application/json"):
            self.content, self.headers = body, {"content-type": [content_type]}

    assert fault_problem(Response(b'{"_v":"16.4","_type":"fault","fault":{"type":"X","message":"m"}}')) is None
    assert fault_problem(Response(b'{"_type":"fault","fault":{"type":"X"}}')) == "`_v` is None, not '16.4'"
    assert fault_problem(Response(b'{"_v":"16.4","fault":{}}')) == "there is no `fault.type`"
    assert fault_problem(Response(b'<fault _v="16.4"><type>X</type></fault>', "application/xml")) is None
    assert fault_problem(Response(b"<html></html>", "text/html")) == "the content type is text/html, not JSON or XML"


def test_every_operation_with_a_body_may_refuse_a_read_only_property(spec):
    """write_attributes of OCAPI settings refuse what a client may not set, on any operation with a body."""
    with_body = {label: operation for label, operation in operations(spec).items() if "requestBody" in operation}
    assert {("POST", "/customers/auth"), ("PUT", "/customers/{customer_id}/password"),
            ("POST", "/customers/password_reset"), ("POST", "/customers/password/actions/reset")} <= set(with_body)
    for label, operation in with_body.items():
        types = operation["responses"]["400"]["content"]["application/json"]["schema"]["allOf"][1]["properties"][
            "fault"]["properties"]["type"]["enum"]
        assert "ReadOnlyPropertyException" in types, label

# --- one schema per version -------------------------------------------------------------------------
@pytest.fixture
def spec_20_4(api):
    response = api.get(api_url("openapi.json", version="v20_4"))
    assert response.status_code == 200
    return json.loads(response.content)


def test_spectacular_validates_the_20_4_schema_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--api-version", "v20_4", "--file", str(out),
                 stdout=io.StringIO())
    schema = yaml.safe_load(out.read_text())
    assert schema["info"]["version"] == "20.4"
    assert schema["components"]["schemas"]["customer"]["properties"]["_v"]["const"] == "20.4"


def test_each_version_has_its_schema_its_servers_and_its_v(api, spec_20_4):
    assert spec_20_4["info"]["version"] == "20.4" and "20.4" in spec_20_4["info"]["title"]
    assert [server["url"] for server in spec_20_4["servers"]] == ["/dw/shop/v20_4", "/s/{site_id}/dw/shop/v20_4"]
    schemas = spec_20_4["components"]["schemas"]
    assert {schemas[name]["properties"]["_v"]["const"] for name in ("customer", "fault", "customer_address")} == {
        "20.4"}
    assert "16.4" not in json.dumps(schemas["customer"]["examples"])
    # with create_reset_token (18.1), auth/trustedsystem (19.6) and the 18 product list operations (17.1, 18.1)
    assert len(operations(spec_20_4)) == 41
    assert not any(parameter["name"] == "version" for operation in operations(spec_20_4).values()
                   for parameter in operation.get("parameters", []))
    old = json.loads(api.get(api_url("openapi.json", version="v16_1")).content)
    assert old["info"]["version"] == "16.1" and old["components"]["schemas"]["fault"]["properties"]["_v"][
        "const"] == "16.1"
    current = json.loads(api.get(api_url("openapi.json")).content)["components"]["schemas"]
    assert old["components"]["schemas"]["customer_payment_instrument"]["properties"].keys() == current[
        "customer_payment_instrument"]["properties"].keys()  # 16.x: 16.4's documents


def test_the_20_4_documents_in_the_20_4_schema(spec_20_4):
    schemas = spec_20_4["components"]["schemas"]
    instrument = schemas["customer_payment_instrument"]["properties"]
    assert "masked_gift_certificate_code" in instrument and "gift_certificate_code_masked" not in instrument
    assert "uuid" not in instrument
    assert "credit_card_token" in schemas["payment_card"]["properties"]
    request_card = schemas["customer_payment_instrument_request"]["properties"]["payment_card"]["properties"]
    assert "credit_card_token" in request_card
    assert "suite" in schemas["customer_address"]["properties"]
    assert "suite" in schemas["customer_address_input"]["properties"]


def test_served_20_4_documents_match_the_20_4_schema(spec_20_4, as_customer, customer):
    from addresses.models import CustomerAddress

    CustomerAddress.objects.create(customer=customer, address_id="home", city="Woburn", suite="4B")
    created = as_customer.post(
        api_url("customers", customer.customer_id, "payment_instruments", version="v20_4"),
        {"payment_method_id": "CREDIT_CARD", "gift_certificate_code": "gift_code7",
         "payment_card": {"number": "4111111111111111", "expiration_month": 7, "expiration_year": 2030,
                          "credit_card_token": "tok"}},
        format="json",
    )
    assert created.status_code == 200
    assert_valid(spec_20_4, "customer_payment_instrument", created.json())
    got = as_customer.get(api_url("customers", customer.customer_id, version="v20_4",
                                  expand="addresses,paymentinstruments"))
    assert_valid(spec_20_4, "customer", got.json())
    assert_valid(spec_20_4, "fault", as_customer.get(api_url("customers", "someone-else", version="v20_4")).json())


def test_a_later_operation_is_in_the_schemas_of_its_versions_only(api, monkeypatch):
    from shopsite.versions import INTRODUCED, V18_1

    monkeypatch.setitem(INTRODUCED, "customer-orders", V18_1)
    path = "/customers/{customer_id}/orders"
    for name in ("v16_4", "v17_8"):
        assert path not in json.loads(api.get(api_url("openapi.json", version=name)).content)["paths"]
    later = json.loads(api.get(api_url("openapi.json", version="v18_1")).content)["paths"][path]["get"]
    assert later["description"].startswith("Since 18.1.")
    assert "/customers/{customer_id}/baskets" in json.loads(api.get(api_url("openapi.json")).content)["paths"]


def test_the_docs_of_a_version_load_its_schema(api):
    html = api.get(api_url("docs/", version="v20_4"), HTTP_ACCEPT="text/html").content.decode()
    assert api_url("openapi.json", version="v20_4") in html


def test_the_schema_of_every_version_where_something_changes_is_valid(api):
    """The schemas differ only where an operation or an edition of the documents begins: each of
    those versions' schema is valid OpenAPI (the others are copies with another ``_v``)."""
    from drf_spectacular.validation import validate_schema

    from shopsite.versions import EDITIONS, INTRODUCED, V16_1

    changes = sorted({V16_1, *INTRODUCED.values(), *(start for start, _ in EDITIONS)})
    assert len(changes) >= 4
    for version in changes:
        schema = json.loads(api.get(api_url("openapi.json", version=version.name)).content)
        validate_schema(schema)
        assert schema["info"]["version"] == version.dotted
