"""The extension-point registry and its chain rules, and when the later versions' points fire."""
from types import SimpleNamespace

import pytest

from shopsite import hooks
from shopsite.faults import HookStatusException
from shopsite.hooks import EXTENSION_POINTS, Status
from shopsite.testing import connected, hook_fault
from shopsite.versions import ApiVersion

SPEC_NAMES = {
    "dw.ocapi.shop.customer.beforePost", "dw.ocapi.shop.customer.afterPost", "dw.ocapi.shop.auth.afterAuth",
    "dw.ocapi.shop.customers.password_reset.afterPOST", "dw.ocapi.shop.customer.beforePatchCustomer",
    "dw.ocapi.shop.customer.afterPatchCustomer", "dw.ocapi.shop.customer.addresses.beforePOST",
    "dw.ocapi.shop.customer.addresses.afterPOST", "dw.ocapi.shop.customer.address.beforePATCH",
    "dw.ocapi.shop.customer.address.afterPATCH", "dw.ocapi.shop.customer.address.beforeDELETE",
    "dw.ocapi.shop.customer.address.afterDELETE", "dw.ocapi.shop.customer.putPassword",
    "dw.ocapi.shop.customer.password_reset.afterPOST", "dw.ocapi.shop.customer.beforePostPaymentInstrument",
    "dw.ocapi.shop.customer.afterPostPaymentInstrument", "dw.ocapi.shop.customer.beforeDeletePaymentInstrument",
    "dw.ocapi.shop.customer.afterDeletePaymentInstrument",
}


#: The later versions' extension points (design: "Versions") and the version that brought each.
LATER = {
    "dw.ocapi.shop.customer.beforeGET": "17.8", "dw.ocapi.shop.customer.modifyGETResponse": "18.3",
    "dw.ocapi.shop.customer.modifyPOSTResponse": "17.8", "dw.ocapi.shop.customer.modifyPATCHResponse": "17.8",
    "dw.ocapi.shop.customer.address.modifyPOSTResponse": "17.8",
    "dw.ocapi.shop.customer.address.modifyPATCHResponse": "17.8",
}


def test_registry_holds_the_18_extension_points_of_the_spec_and_the_later_ones():
    assert set(EXTENSION_POINTS) == SPEC_NAMES | set(LATER)
    assert len(EXTENSION_POINTS) == 24
    assert list(EXTENSION_POINTS)[:18] == [name for name in EXTENSION_POINTS if name in SPEC_NAMES]
    assert {name: str(point.since) for name, point in EXTENSION_POINTS.items() if name in LATER} == LATER
    assert {str(EXTENSION_POINTS[name].since) for name in SPEC_NAMES} == {"16.1"}


def test_the_later_points_take_the_16_4_arguments_of_their_operation_and_the_response():
    def arguments(name):
        return EXTENSION_POINTS[name].arguments

    assert arguments("dw.ocapi.shop.customer.beforeGET") == {"customer_id"}
    assert arguments("dw.ocapi.shop.customer.modifyGETResponse") == {"customer", "customer_response"}
    assert arguments("dw.ocapi.shop.customer.modifyPOSTResponse") == (
        arguments("dw.ocapi.shop.customer.afterPost") | {"customer_response"})
    assert arguments("dw.ocapi.shop.customer.modifyPATCHResponse") == (
        arguments("dw.ocapi.shop.customer.afterPatchCustomer") | {"customer_response"})
    for method in ("POST", "PATCH"):
        assert arguments(f"dw.ocapi.shop.customer.address.modify{method}Response") == (
            arguments("dw.ocapi.shop.customer.address.afterPATCH") | {"customer_address_response"})
    responses = {name: point.response for name, point in EXTENSION_POINTS.items() if point.response}
    assert set(responses) == set(LATER) - {"dw.ocapi.shop.customer.beforeGET"}
    assert all(response in EXTENSION_POINTS[name].arguments for name, response in responses.items())


def test_each_app_exposes_its_signals_under_snake_case_names():
    from addresses import signals as address_signals
    from customers import signals as customer_signals
    from payments import signals as payment_signals

    exposed = {}
    for module in (customer_signals, address_signals, payment_signals):
        exposed.update({name: value for name, value in vars(module).items() if isinstance(value, hooks.ExtensionPoint)})
    assert {point.name for point in exposed.values()} == SPEC_NAMES | set(LATER)
    for name, point in exposed.items():
        assert point.python_name == name


@pytest.fixture
def point():
    return EXTENSION_POINTS["dw.ocapi.shop.customer.afterPost"]


def test_first_non_null_status_ends_the_chain(point, connect):
    calls = []

    def first(sender, **kwargs):
        calls.append("first")

    def second(sender, **kwargs):
        calls.append("second")
        return Status.ok()

    def third(sender, **kwargs):
        calls.append("third")
        return Status.error("NEVER", "not reached")

    for receiver in (first, second, third):
        connect(point, receiver)
    assert point.run(sender=object, customer=None, registration={}) == Status.ok()
    assert calls == ["first", "second"]


def test_error_status_raises_hook_status_exception_with_the_arguments(point):
    with connected(point, hook_fault("CODE", "Message")) as receiver, pytest.raises(HookStatusException) as raised:
        EXTENSION_POINTS["dw.ocapi.shop.customer.afterPost"].run(sender=object, customer="c", registration={"a": 1})
    assert receiver.calls == [{"signal": point, "customer": "c", "registration": {"a": 1}}]
    assert raised.value.arguments == {
        "extensionPoint": "dw.ocapi.shop.customer.afterPost", "statusCode": "CODE", "statusMessage": "Message",
    }


def test_no_receivers_returns_none():
    assert EXTENSION_POINTS["dw.ocapi.shop.customer.beforePost"].run(sender=object, registration={}) is None


def test_receivers_are_read_through_djangos_live_receivers():
    """ExtensionPoint.run relies on Signal._live_receivers (Django 5.2: a pair of lists, sync
    and async receivers, in connection order): if Django changes it, this fails first."""
    signal = EXTENSION_POINTS["dw.ocapi.shop.customer.beforePost"]

    def first(sender, **kwargs):
        return None

    def second(sender, **kwargs):
        return None

    with connected(signal, first, dispatch_uid="pin-first"), connected(signal, second, dispatch_uid="pin-second"):
        sync_receivers, async_receivers = signal._live_receivers(object)
        assert sync_receivers[-2:] == [first, second] and async_receivers == []


def test_an_extension_point_takes_its_declared_arguments_only():
    with pytest.raises(TypeError):
        EXTENSION_POINTS["dw.ocapi.shop.customer.beforePost"].run(sender=object, registration={}, extra=1)


# --- the later versions' points: when they fire, what a modify…Response receiver may change ---
def request_at(version):
    """A stand-in request of an API version (``shopsite.versions.request_version`` reads ``api_version``)."""
    return SimpleNamespace(api_version=ApiVersion.parse(version))


@pytest.mark.parametrize("version,fires", [("16.1", False), ("16.4", False), ("17.7", False), ("17.8", True),
                                           ("18.3", True), ("23.2", True)])
def test_a_point_fires_from_its_version_on(version, fires):
    point = EXTENSION_POINTS["dw.ocapi.shop.customer.modifyPATCHResponse"]
    assert point.fires_at(ApiVersion.parse(version)) is fires
    assert point.fires_for(request_at(version)) is fires


def test_modify_get_response_fires_from_18_3():
    point = EXTENSION_POINTS["dw.ocapi.shop.customer.modifyGETResponse"]
    assert [version for version in ("17.8", "18.2", "18.3", "20.4") if point.fires_at(ApiVersion.parse(version))] == [
        "18.3", "20.4"]


def test_the_16_4_points_fire_at_every_version_and_a_request_without_one_is_16_4():
    assert all(EXTENSION_POINTS[name].fires_at(ApiVersion.parse("16.1")) for name in SPEC_NAMES)
    assert not EXTENSION_POINTS["dw.ocapi.shop.customer.beforeGET"].fires_for(SimpleNamespace())  # no api_version


def test_run_for_runs_receivers_only_at_the_versions_that_have_the_point(connect):
    point = EXTENSION_POINTS["dw.ocapi.shop.customer.beforeGET"]
    calls = []
    connect(point, lambda sender, **kwargs: calls.append(kwargs["customer_id"]))
    assert point.run_for(request_at("16.4"), sender=object, customer_id="a") is None
    assert calls == []
    point.run_for(request_at("17.8"), sender=object, customer_id="b")
    assert calls == ["b"]


def test_before_get_refuses_with_a_status_fault_from_its_version_on():
    point = EXTENSION_POINTS["dw.ocapi.shop.customer.beforeGET"]
    with connected(point, hook_fault("NO", "Not now.")):
        point.run_for(request_at("17.7"), sender=object, customer_id="c")
        with pytest.raises(HookStatusException) as raised:
            point.run_for(request_at("17.8"), sender=object, customer_id="c")
    assert raised.value.arguments["extensionPoint"] == "dw.ocapi.shop.customer.beforeGET"


MODIFY = "dw.ocapi.shop.customer.modifyPATCHResponse"
DOCUMENT = {"_type": "customer", "customer_id": "abc", "login": "jsmith", "addresses": [{"address_id": "me"}],
            "c_kept": 1, "c_changed": "old", "c_removed": True}


def modified(receiver, version="20.4"):
    point = EXTENSION_POINTS[MODIFY]
    with connected(point, receiver):
        return hooks.modified_response(point, request_at(version), dict(DOCUMENT), sender=object, customer="c",
                                       customer_input={})


def test_a_modify_receiver_gets_a_copy_and_may_add_change_and_remove_c_properties():
    seen = []

    def receiver(sender, customer, customer_input, customer_response, **kwargs):
        seen.append(dict(customer_response))
        customer_response["c_added"] = {"tier": "gold"}
        customer_response["c_changed"] = "new"
        del customer_response["c_removed"]

    result = modified(receiver)
    assert seen == [DOCUMENT]
    assert result == {**{key: value for key, value in DOCUMENT.items() if key != "c_removed"},
                      "c_changed": "new", "c_added": {"tier": "gold"}}


def test_a_modify_receiver_changes_nothing_else_and_the_change_is_logged(caplog):
    def receiver(sender, customer_response, **kwargs):
        customer_response["login"] = "someone-else"
        customer_response["email"] = "x@example.com"
        customer_response["addresses"][0]["c_nested"] = 1
        del customer_response["customer_id"]
        customer_response["c_bad-name"] = 1
        customer_response["c_not_json"] = object()
        customer_response["c_fine"] = [1, "two", None]

    with caplog.at_level("WARNING", logger="shopsite.hooks"):
        result = modified(receiver)
    assert result == {**DOCUMENT, "c_fine": [1, "two", None]}
    assert DOCUMENT["addresses"] == [{"address_id": "me"}]  # the receiver's copy was deep
    (record,) = caplog.records
    assert record.getMessage() == (
        f"{MODIFY}: receivers may change the c_* properties of the response only; ignored the changes of "
        "addresses, c_bad-name, c_not_json, customer_id, email, login.")


def test_a_modify_point_changes_nothing_before_its_version():
    calls = []
    assert modified(lambda sender, **kwargs: calls.append(1), version="17.7") == DOCUMENT
    assert calls == []


def test_a_modify_receivers_error_status_is_a_hook_status_fault():
    with pytest.raises(HookStatusException) as raised:
        modified(hook_fault("NOPE", "No answer."))
    assert raised.value.arguments == {"extensionPoint": MODIFY, "statusCode": "NOPE", "statusMessage": "No answer."}


def test_the_answer_of_a_write_is_made_in_its_transaction_where_its_modify_point_fires(db):
    from django.db import connection

    point = EXTENSION_POINTS[MODIFY]
    depth = len(connection.savepoint_ids)  # the test's own transaction
    with hooks.answering(point, request_at("16.4")):
        assert len(connection.savepoint_ids) == depth  # no transaction of its own: 16.x runs as before
    with hooks.answering(point, request_at("17.8")):
        assert connection.in_atomic_block and len(connection.savepoint_ids) == depth + 1
