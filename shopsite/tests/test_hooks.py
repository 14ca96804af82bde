"""The extension-point registry and its chain rules."""
import pytest

from shopsite import hooks
from shopsite.faults import HookStatusException
from shopsite.hooks import EXTENSION_POINTS, Status
from shopsite.testing import connected, hook_fault

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


def test_registry_holds_the_18_extension_points_of_the_spec():
    assert set(EXTENSION_POINTS) == SPEC_NAMES
    assert len(EXTENSION_POINTS) == 18


def test_each_app_exposes_its_signals_under_snake_case_names():
    from addresses import signals as address_signals
    from customers import signals as customer_signals
    from payments import signals as payment_signals

    exposed = {}
    for module in (customer_signals, address_signals, payment_signals):
        exposed.update({name: value for name, value in vars(module).items() if isinstance(value, hooks.ExtensionPoint)})
    assert {point.name for point in exposed.values()} == SPEC_NAMES
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
