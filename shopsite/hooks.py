"""The spec's 18 extension points as Django signals, and how they are run.

Each extension point is an ``ExtensionPoint`` (a ``Signal``) registered here under the
spec's exact name; the owning app's ``signals.py`` exposes it under a snake_case name
(``customer_before_post``). Services call ``signal.run(sender=Model, **arguments)`` with
the declared arguments inside their transaction: receivers run in connection order, the
first non-null ``Status`` ends the chain, and an error Status raises
``HookStatusException`` (400), which rolls the whole operation back.

A receiver::

    from customers.signals import customer_before_post
    from shopsite.hooks import Status

    @receiver(customer_before_post)
    def refuse_test_logins(sender, registration, **kwargs):
        if registration["customer"]["login"].startswith("test"):
            return Status.error("NO_TEST_LOGINS", "Test logins are not accepted.")
"""
from dataclasses import dataclass

from django.dispatch import Signal

from shopsite.faults import HookStatusException


@dataclass(frozen=True)
class Status:
    """What a receiver returns: ``Status.ok()`` or ``Status.error(code, message)``."""

    code: str = "OK"
    message: str = ""
    is_error: bool = False

    @classmethod
    def ok(cls):
        return cls()

    @classmethod
    def error(cls, code, message=""):
        return cls(code=str(code), message=str(message or code), is_error=True)


class ExtensionPoint(Signal):
    def __init__(self, name, python_name, arguments):
        super().__init__()
        self.name = name
        self.python_name = python_name
        self.arguments = frozenset(arguments)  # the keyword arguments every receiver gets

    def run(self, sender, **kwargs):
        """Call receivers until one returns a non-null Status; raise on an error Status."""
        if kwargs.keys() != self.arguments:  # the README's table is the receivers' contract
            raise TypeError(f"{self.name} takes {sorted(self.arguments)}, not {sorted(kwargs)}.")
        # Signal.send() would call every receiver before we saw a result. _live_receivers is
        # Django's own (5.2): test_hooks.py pins what it returns, so a change fails loudly.
        sync_receivers, _async_receivers = self._live_receivers(sender)
        for receiver in sync_receivers:
            status = receiver(signal=self, sender=sender, **kwargs)
            if status is None:
                continue
            if isinstance(status, Status) and status.is_error:
                raise HookStatusException(self.name, status)
            return status
        return None


_DECLARATIONS = [
    ("dw.ocapi.shop.customer.beforePost", "customer_before_post", ("registration",)),
    ("dw.ocapi.shop.customer.afterPost", "customer_after_post", ("customer", "registration")),
    ("dw.ocapi.shop.auth.afterAuth", "auth_after_auth", ("auth_request_type", "customer")),
    ("dw.ocapi.shop.customers.password_reset.afterPOST", "customers_password_reset_after_post",
     ("customer", "reset_token")),
    ("dw.ocapi.shop.customer.beforePatchCustomer", "customer_before_patch_customer", ("customer", "customer_input")),
    ("dw.ocapi.shop.customer.afterPatchCustomer", "customer_after_patch_customer", ("customer", "customer_input")),
    ("dw.ocapi.shop.customer.addresses.beforePOST", "customer_addresses_before_post",
     ("customer", "address_name", "customer_address")),
    ("dw.ocapi.shop.customer.addresses.afterPOST", "customer_addresses_after_post",
     ("customer", "address_name", "customer_address")),
    ("dw.ocapi.shop.customer.address.beforePATCH", "customer_address_before_patch",
     ("customer", "address_name", "customer_address")),
    ("dw.ocapi.shop.customer.address.afterPATCH", "customer_address_after_patch",
     ("customer", "address_name", "customer_address")),
    ("dw.ocapi.shop.customer.address.beforeDELETE", "customer_address_before_delete", ("customer", "address_name")),
    ("dw.ocapi.shop.customer.address.afterDELETE", "customer_address_after_delete", ("customer", "address_name")),
    ("dw.ocapi.shop.customer.putPassword", "customer_put_password", ("customer", "password_change_request")),
    ("dw.ocapi.shop.customer.password_reset.afterPOST", "customer_password_reset_after_post",
     ("customer", "reset_token")),
    ("dw.ocapi.shop.customer.beforePostPaymentInstrument", "customer_before_post_payment_instrument",
     ("customer", "payment_instrument")),
    ("dw.ocapi.shop.customer.afterPostPaymentInstrument", "customer_after_post_payment_instrument",
     ("customer", "payment_instrument")),
    ("dw.ocapi.shop.customer.beforeDeletePaymentInstrument", "customer_before_delete_payment_instrument",
     ("customer", "payment_instrument_id")),
    ("dw.ocapi.shop.customer.afterDeletePaymentInstrument", "customer_after_delete_payment_instrument",
     ("customer", "payment_instrument_id")),
]

#: Spec name -> ExtensionPoint, in the spec's order.
EXTENSION_POINTS = {name: ExtensionPoint(name, python_name, args) for name, python_name, args in _DECLARATIONS}


def extension_point(name):
    return EXTENSION_POINTS[name]

