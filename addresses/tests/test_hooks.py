"""The address book's extension points: arguments, order, and an error Status rolling back."""
import pytest

from addresses import signals
from addresses.models import CustomerAddress
from addresses.tests.helpers import addresses_url
from shopsite.hooks import Status
from shopsite.testing import connected, fault_of, hook_fault

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(connect):
    """Connect a recording receiver to every address extension point."""
    recorded = []

    def receiver(sender, signal, **kwargs):
        stored = dict(CustomerAddress.objects.values_list("address_id", "city"))
        recorded.append((signal.name.rsplit(".", 1)[1], sender, kwargs, stored))

    for signal in (signals.customer_addresses_before_post, signals.customer_addresses_after_post,
                   signals.customer_address_before_patch, signals.customer_address_after_patch,
                   signals.customer_address_before_delete, signals.customer_address_after_delete):
        connect(signal, receiver)
    return recorded


def refuse():
    """A receiver answering an error Status."""
    return hook_fault("NOT_HERE", "We do not deliver there.")


def test_post_sends_before_and_after_with_the_spec_arguments(as_customer, customer, calls):
    body = {"address_id": "home", "city": "Woburn"}
    as_customer.post(addresses_url(customer), body, format="json")

    assert [(name, sender, stored) for name, sender, _, stored in calls] == [
        ("beforePOST", CustomerAddress, {}),
        ("afterPOST", CustomerAddress, {"home": "Woburn"}),
    ]
    for _, _, kwargs, _ in calls:
        assert kwargs == {"customer": customer, "address_name": "home", "customer_address": body}


def test_patch_sends_before_and_after(as_customer, customer, make_address, calls):
    make_address(customer, "home", city="Woburn")
    body = {"city": "Boston"}
    as_customer.patch(addresses_url(customer, "home"), body, format="json")

    assert [(name, kwargs, stored) for name, _, kwargs, stored in calls] == [
        ("beforePATCH", {"customer": customer, "address_name": "home", "customer_address": body},
         {"home": "Woburn"}),
        ("afterPATCH", {"customer": customer, "address_name": "home", "customer_address": body},
         {"home": "Boston"}),
    ]


def test_after_patch_of_a_rename_names_the_new_address(as_customer, customer, make_address, calls):
    make_address(customer, "home", city="Woburn")
    as_customer.patch(addresses_url(customer, "home"), {"address_id": "old_home"}, format="json")
    assert [(name, kwargs["address_name"]) for name, _, kwargs, _ in calls] == [
        ("beforePATCH", "home"), ("afterPATCH", "old_home")
    ]


def test_delete_sends_before_and_after(as_customer, customer, make_address, calls):
    make_address(customer, "home", city="Woburn")
    as_customer.delete(addresses_url(customer, "home"))

    assert [(name, sender, kwargs, stored) for name, sender, kwargs, stored in calls] == [
        ("beforeDELETE", CustomerAddress, {"customer": customer, "address_name": "home"}, {"home": "Woburn"}),
        ("afterDELETE", CustomerAddress, {"customer": customer, "address_name": "home"}, {}),
    ]


def test_no_hook_runs_for_a_refused_request(as_customer, customer, make_address, calls):
    make_address(customer, "home")
    as_customer.post(addresses_url(customer), {"address_id": "home"}, format="json")  # id in use
    as_customer.patch(addresses_url(customer, "home"), {"city": 1}, format="json")  # bad type
    as_customer.delete(addresses_url(customer, "home"), HTTP_IF_MATCH="stale")  # 412
    assert calls == []


@pytest.mark.parametrize("signal", [signals.customer_addresses_before_post, signals.customer_addresses_after_post])
def test_an_error_status_on_post_stores_nothing(as_customer, customer, make_address, signal):
    make_address(customer, "old", preferred=True)

    with connected(signal, refuse()) as receiver:
        response = as_customer.post(addresses_url(customer), {"address_id": "home", "preferred": True},
                                    format="json")

    assert fault_of(response, 400) == receiver.fault(signal)
    assert dict(customer.addresses.values_list("address_id", "preferred")) == {"old": True}


@pytest.mark.parametrize("signal", [signals.customer_address_before_patch, signals.customer_address_after_patch])
def test_an_error_status_on_patch_changes_nothing(as_customer, customer, make_address, signal):
    make_address(customer, "old", preferred=True)
    make_address(customer, "home", city="Woburn")

    with connected(signal, refuse()) as receiver:
        response = as_customer.patch(addresses_url(customer, "home"),
                                     {"address_id": "new", "city": "Boston", "preferred": True}, format="json")

    assert fault_of(response, 400) == receiver.fault(signal)
    assert sorted(customer.addresses.values_list("address_id", "city", "preferred")) == [
        ("home", "Woburn", False), ("old", "", True)
    ]


@pytest.mark.parametrize("signal", [signals.customer_address_before_delete, signals.customer_address_after_delete])
def test_an_error_status_on_delete_keeps_the_address(as_customer, customer, make_address, signal):
    make_address(customer, "home")

    with connected(signal, refuse()) as receiver:
        response = as_customer.delete(addresses_url(customer, "home"))

    assert fault_of(response, 400) == receiver.fault(signal)
    assert customer.addresses.filter(address_id="home").exists()


def test_an_ok_status_ends_the_chain(as_customer, customer):
    def accept(sender, **kwargs):
        return Status.ok()

    point = signals.customer_addresses_before_post
    with connected(point, accept), connected(point, refuse()) as refusing:  # connected after: never reached
        response = as_customer.post(addresses_url(customer), {"address_id": "home"}, format="json")
    assert refusing.calls == []
    assert response.status_code == 200, response.content
    assert customer.addresses.filter(address_id="home").exists()


# --- the 17.8 modify…Response points: the answer's c_* properties, for requests of 17.8 and later ---
MODIFY = (signals.customer_address_modify_post_response, signals.customer_address_modify_patch_response)


def adding(**properties):
    """A modify…Response receiver adding ``properties`` to the answer; ``calls`` holds its arguments."""
    calls = []

    def receiver(sender, signal, customer_address_response, **kwargs):
        calls.append((sender, {**kwargs, "customer_address_response": dict(customer_address_response)}))
        customer_address_response.update(properties)

    receiver.calls = calls
    return receiver


def test_at_16_4_the_modify_points_do_not_fire(as_customer, customer, make_address, connect):
    receivers = [adding(c_hooked=True) for _ in MODIFY]
    for point, receiver in zip(MODIFY, receivers, strict=True):
        connect(point, receiver)
    assert "c_hooked" not in as_customer.post(addresses_url(customer), {"address_id": "home"}, format="json").json()
    assert "c_hooked" not in as_customer.patch(addresses_url(customer, "home"), {"city": "Boston"},
                                               format="json").json()
    assert [receiver.calls for receiver in receivers] == [[], []]


def test_post_runs_modify_post_response_from_17_8(as_customer, customer, connect, hooks_at_version):
    hooks_at_version("17.8")
    receiver = adding(c_geo="42.5,-71.2")
    connect(signals.customer_address_modify_post_response, receiver)
    body = {"address_id": "home", "city": "Woburn"}
    response = as_customer.post(addresses_url(customer), body, format="json")
    assert response.status_code == 200 and response.json()["c_geo"] == "42.5,-71.2"
    ((sender, arguments),) = receiver.calls
    assert sender is CustomerAddress
    assert {key: value for key, value in arguments.items() if key != "customer_address_response"} == {
        "customer": customer, "address_name": "home", "customer_address": body}
    assert arguments["customer_address_response"]["city"] == "Woburn"
    assert CustomerAddress.objects.get(address_id="home").custom == {}  # never stored


def test_patch_and_rename_run_modify_patch_response(as_customer, customer, make_address, connect, hooks_at_version):
    hooks_at_version("20.4")
    make_address(customer, "home", city="Woburn")
    receiver = adding(c_checked=True)
    connect(signals.customer_address_modify_patch_response, receiver)
    assert as_customer.patch(addresses_url(customer, "home"), {"city": "Boston"}, format="json").json()[
        "c_checked"] is True
    renamed = as_customer.patch(addresses_url(customer, "home"), {"address_id": "old_home"}, format="json")
    assert renamed.status_code == 301 and renamed.json()["c_checked"] is True
    assert [arguments["address_name"] for _, arguments in receiver.calls] == ["home", "old_home"]


@pytest.mark.parametrize("signal", MODIFY)
def test_an_error_status_of_a_modify_point_rolls_the_write_back(as_customer, customer, make_address, signal,
                                                                hooks_at_version):
    hooks_at_version("20.4")
    make_address(customer, "old", city="Woburn")
    with connected(signal, refuse()) as receiver:
        if signal is signals.customer_address_modify_post_response:
            response = as_customer.post(addresses_url(customer), {"address_id": "home"}, format="json")
        else:
            response = as_customer.patch(addresses_url(customer, "old"), {"city": "Boston"}, format="json")
    assert fault_of(response, 400) == receiver.fault(signal)
    assert list(customer.addresses.values_list("address_id", "city")) == [("old", "Woburn")]
