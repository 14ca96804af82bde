"""A NUL in any string a request hands to a lookup: answered, never a 500 (PostgreSQL
refuses a NUL in a query, so the PostgreSQL run is the one that shows the 500s)."""
import json

import pytest
from django.contrib import admin
from django.db import models
from django.test import Client
from django.urls import reverse

from shopsite import faults
from shopsite.api import resolve_site
from shopsite.testing import api_url, fault_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["", "login/", "logout/", "password-reset/some-token/"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_storefront_pages_of_a_site_id_with_a_nul_are_html_404s(client, site, page, method):
    response = getattr(client, method)(f"/s/Site%00Genesis/account/{page}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_resolve_site_finds_no_site_id_with_a_nul(site):
    with pytest.raises(faults.NotFoundException):
        resolve_site("SiteGenesis\x00")


def test_api_of_a_site_id_with_a_nul_is_a_400_fault(api, site, client_app):
    response = api.post(f"/s/Site%00Genesis/dw/shop/v16_4/customers/auth?client_id={client_app.client_id}",
                        {"type": "guest"}, format="json")
    assert fault_of(response, 400)["type"] == "ParameterConstraintViolationException"


@pytest.mark.parametrize("url", ["/account/", "/admin/login/"])
def test_a_session_cookie_with_a_nul_is_no_session(site, url):
    client = Client()
    client.cookies["dwsid"] = "abcdefghijklmnop\x00"
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("query", ["client_id=%00", "expand=addresses&expand=%00"])
def test_a_nul_in_any_value_of_the_query_string_is_a_400_fault(as_server, customer, query):
    response = as_server.get(f"{api_url('customers', customer.customer_id)}?{query}")
    assert fault_of(response, 400)["type"] == "ParameterConstraintViolationException"


def test_a_jwt_whose_jti_holds_a_nul_is_an_invalid_token(api, site, client_app, customer):
    from customers.tokens import CustomerAccessToken

    token = CustomerAccessToken()
    token["jti"] = "jti\x00"
    token["iss"] = client_app.client_id
    token["sub"] = json.dumps({"customer_id": customer.customer_id, "guest": False})
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = api.get(api_url("customers", customer.customer_id))
    assert fault_of(response, 401)["type"] == "InvalidAccessTokenException"


def test_a_client_id_header_with_a_nul_is_an_unknown_client(api, site, client_app):
    response = api.post(api_url("customers", "auth"), {"type": "guest"}, format="json", HTTP_X_DW_CLIENT_ID="a\x00b")
    assert fault_of(response, 401)["type"] == "InvalidClientIdException"


# --- the admin ---------------------------------------------------------------------------
@pytest.mark.parametrize("url", [
    "/admin/customers/customer/?auth_type__exact=%00",
    "/admin/customers/customer/?q=%00",
    "/admin/payments/customerpaymentinstrument/?payment_method_id__exact=%00",
    "/admin/orders/order/?status__exact=%00",
    "/admin/addresses/customeraddress/?country_code__exact=%00",
])
def test_admin_list_filters_and_searches_with_a_nul_are_invalid_lookups(admin_client, customer, url):
    path = url.partition("?")[0]
    response = admin_client.get(url)
    assert (response.status_code, response["Location"]) == (302, f"{path}?e=1")
    assert admin_client.get(response["Location"]).status_code == 200


def test_admin_autocomplete_with_a_nul_answers_without_a_lookup(admin_client, customer):
    response = admin_client.get("/admin/autocomplete/?term=%00&app_label=addresses&model_name=customeraddress"
                                "&field_name=customer")
    assert (response.status_code, response["Location"]) == (302, "/admin/autocomplete/?e=1")


def _nul_queries(model_admin):
    """A search and every list filter on a text field of the model, each given a NUL."""
    yield "q=%00"
    for entry in model_admin.list_filter:
        if isinstance(entry, str) and "__" not in entry:
            field = model_admin.model._meta.get_field(entry)
            if isinstance(field, models.CharField):
                yield f"{entry}__exact=%00"


def test_every_admin_list_answers_a_nul_cleanly(admin_client, customer):
    checked = 0
    for model, model_admin in admin.site._registry.items():
        path = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for query in _nul_queries(model_admin):
            response = admin_client.get(f"{path}?{query}")
            assert (response.status_code, response.get("Location")) == (302, f"{path}?e=1"), (path, query)
            checked += 1
    assert checked > len(admin.site._registry)  # filters too, not only searches
