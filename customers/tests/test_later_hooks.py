"""The customer extension points of later versions: beforeGET and modifyPOSTResponse,
modifyPATCHResponse (17.8), modifyGETResponse (18.3). They fire for requests of those versions
only; a 16.x request runs exactly as before."""
import base64

import pytest
from django.urls import resolve

from customers import signals
from customers.documents import customer_etag
from customers.models import Customer
from customers.views import CustomerViewSet
from shopsite.testing import api_url, connected, fault_of, hook_fault

pytestmark = pytest.mark.django_db
LATER = (signals.customer_before_get, signals.customer_modify_get_response, signals.customer_modify_post_response,
         signals.customer_modify_patch_response)


def customer_url(customer, **query):
    return api_url("customers", customer.customer_id, **query)


def registration(login="newbie"):
    return {"password": "12345!aBcD", "customer": {"login": login, "email": f"{login}@example.com",
                                                   "last_name": "Smith"}}


class Recorder:
    """A receiver recording its calls; ``add`` is merged into the response document it gets."""

    def __init__(self, add=None):
        self.calls, self.add = [], add or {}

    def __call__(self, sender, signal, **kwargs):
        self.calls.append((sender, {key: (dict(value) if isinstance(value, dict) else value)
                                    for key, value in kwargs.items()}))
        if signal.response:
            kwargs[signal.response].update(self.add)


def test_at_16_4_none_of_them_fires(api, customer, guest, jwt_for, connect):
    receivers = [Recorder({"c_hooked": True}) for _ in LATER]
    for point, receiver in zip(LATER, receivers, strict=True):
        connect(point, receiver)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(customer)}")
    for response in (api.get(customer_url(customer)), api.patch(customer_url(customer), {"fax": "1"}, format="json")):
        assert response.status_code == 200 and "c_hooked" not in response.json()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(guest, kind='guest')}")
    registered = api.post(api_url("customers"), registration(), format="json")
    assert registered.status_code == 200 and "c_hooked" not in registered.json()
    assert [receiver.calls for receiver in receivers] == [[], [], [], []]


def test_get_runs_before_get_and_modify_get_response_from_18_3(as_customer, customer, connect, hooks_at_version):
    hooks_at_version("18.3")
    before, modify = Recorder(), Recorder({"c_loyalty": "gold"})
    connect(signals.customer_before_get, before)
    connect(signals.customer_modify_get_response, modify)
    response = as_customer.get(customer_url(customer, expand="addresses"))
    assert response.status_code == 200
    body = response.json()
    assert body["c_loyalty"] == "gold" and body["addresses"] == []
    assert before.calls == [(Customer, {"customer_id": customer.customer_id})]
    ((sender, arguments),) = modify.calls
    assert sender is Customer and set(arguments) == {"customer", "customer_response"}
    assert arguments["customer"] == customer
    assert arguments["customer_response"] == {key: value for key, value in body.items()
                                              if key not in ("_v", "c_loyalty")}
    # the ETag is the stored customer's: what If-Match compares with
    customer.refresh_from_db()
    assert response["ETag"] == customer_etag(customer)


def test_at_17_8_before_get_fires_but_modify_get_response_not_yet(as_customer, customer, connect, hooks_at_version):
    hooks_at_version("17.8")
    before, modify = Recorder(), Recorder({"c_loyalty": "gold"})
    connect(signals.customer_before_get, before)
    connect(signals.customer_modify_get_response, modify)
    assert "c_loyalty" not in as_customer.get(customer_url(customer)).json()
    assert len(before.calls) == 1 and modify.calls == []


def test_before_get_may_refuse(as_customer, customer, hooks_at_version):
    hooks_at_version("20.4")
    refuse = hook_fault("CLOSED", "The shop is closed.")
    with connected(signals.customer_before_get, refuse):
        response = as_customer.get(customer_url(customer))
    assert fault_of(response, 400) == refuse.fault("dw.ocapi.shop.customer.beforeGET")


def test_the_added_properties_are_selected_and_rendered_like_any_other(as_customer, customer, connect,
                                                                       hooks_at_version):
    hooks_at_version("20.4")
    connect(signals.customer_modify_get_response, Recorder({"c_tier": 3, "c_tags": ["a", "b"]}))
    selected = as_customer.get(customer_url(customer, select="(login,c_tier)")).json()
    assert selected == {"_v": "16.4", "_type": "customer", "c_tier": 3, "login": "jsmith"}
    xml = as_customer.get(customer_url(customer, format="xml"))
    assert xml.status_code == 200 and b"c_tier" in xml.content and b"c_tags" in xml.content


def test_only_c_properties_are_taken(as_customer, customer, connect, hooks_at_version):
    hooks_at_version("20.4")

    def meddle(sender, customer_response, **kwargs):
        customer_response["login"] = "mallory"
        customer_response["c_ok"] = 1
        del customer_response["customer_id"]

    connect(signals.customer_modify_get_response, meddle)
    body = as_customer.get(customer_url(customer)).json()
    assert (body["login"], body["customer_id"], body["c_ok"]) == ("jsmith", customer.customer_id, 1)


def test_patch_runs_modify_patch_response_with_the_patch_document(as_customer, customer, connect,
                                                                  hooks_at_version):
    hooks_at_version("17.8")
    modify = Recorder({"c_seen": True})
    connect(signals.customer_modify_patch_response, modify)
    body = as_customer.patch(customer_url(customer), {"fax": "555", "c_origin": "app"}, format="json").json()
    assert body["fax"] == "555" and body["c_origin"] == "app" and body["c_seen"] is True
    ((sender, arguments),) = modify.calls
    assert set(arguments) == {"customer", "customer_input", "customer_response"}
    assert arguments["customer_input"] == {"fax": "555", "c_origin": "app"}
    assert arguments["customer_response"]["fax"] == "555" and "c_seen" not in arguments["customer_response"]
    customer.refresh_from_db()
    assert customer.custom == {"c_origin": "app"}  # an answer's c_* are never stored


def test_an_error_of_modify_patch_response_rolls_the_patch_back(as_customer, customer, hooks_at_version):
    hooks_at_version("20.4")
    refuse = hook_fault()
    with connected(signals.customer_modify_patch_response, refuse):
        response = as_customer.patch(customer_url(customer), {"fax": "555"}, format="json")
    assert fault_of(response, 400) == refuse.fault("dw.ocapi.shop.customer.modifyPATCHResponse")
    customer.refresh_from_db()
    assert customer.fax == ""


def test_registration_runs_modify_post_response_without_the_password(as_guest, connect, hooks_at_version):
    hooks_at_version("20.4")
    modify = Recorder({"c_welcome": "hello"})
    connect(signals.customer_modify_post_response, modify)
    response = as_guest.post(api_url("customers"), registration(), format="json")
    assert response.status_code == 200 and response.json()["c_welcome"] == "hello"
    ((sender, arguments),) = modify.calls
    assert set(arguments) == {"customer", "registration", "customer_response"}
    assert arguments["registration"] == {"customer": registration()["customer"]}
    assert arguments["customer"] == Customer.objects.get(login="newbie")


def test_an_error_of_modify_post_response_rolls_the_registration_back(as_guest, hooks_at_version):
    hooks_at_version("20.4")
    refuse = hook_fault()
    with connected(signals.customer_modify_post_response, refuse):
        response = as_guest.post(api_url("customers"), registration(), format="json")
    assert fault_of(response, 400) == refuse.fault("dw.ocapi.shop.customer.modifyPOSTResponse")
    assert not Customer.objects.filter(login="newbie").exists()


def test_the_other_answers_with_a_customer_document_run_none_of_them(api, client_app, customer, connect,
                                                                     hooks_at_version):
    hooks_at_version("20.4")
    receivers = [Recorder({"c_hooked": True}) for _ in LATER]
    for point, receiver in zip(LATER, receivers, strict=True):
        connect(point, receiver)
    basic = "Basic " + base64.b64encode(b"jsmith:12345!aBcD").decode()
    body = api.post(api_url("customers", "auth", client_id=client_app.client_id), {"type": "credentials"},
                    format="json", HTTP_AUTHORIZATION=basic).json()
    assert "c_hooked" not in body
    assert [receiver.calls for receiver in receivers] == [[], [], [], []]


def served_at(version):
    """Whether the customers resource is routed at ``version`` (the versions branch routes them all)."""
    match = resolve(f"/dw/shop/{version}/customers/some-id")
    return getattr(match.func, "cls", None) is CustomerViewSet


@pytest.mark.skipif(not served_at("v20_4"), reason="v20_4 is not routed yet (only v16_4 is served)")
def test_at_v20_4_through_its_own_urls(as_customer, customer, connect):
    connect(signals.customer_modify_get_response, Recorder({"c_loyalty": "gold"}))
    assert as_customer.get(api_url("customers", customer.customer_id, version="v20_4")).json()["c_loyalty"] == "gold"
    assert "c_loyalty" not in as_customer.get(api_url("customers", customer.customer_id)).json()  # v16_4
