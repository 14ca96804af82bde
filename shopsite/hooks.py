"""The extension points as Django signals, and how they are run: the 16.4 spec's 18, and the
six that later versions added (``since``: 17.8, ``modifyGETResponse`` 18.3).

Each extension point is an ``ExtensionPoint`` (a ``Signal``) registered here under the
spec's exact name; the owning app's ``signals.py`` exposes it under a snake_case name
(``customer_before_post``). Services call ``signal.run(sender=Model, **arguments)`` with
the declared arguments inside their transaction: receivers run in connection order, the
first non-null ``Status`` ends the chain, and an error Status raises
``HookStatusException`` (400), which rolls the whole operation back.

The later points belong to the API's answers, so the views run them, and only for requests
of a version that has them (``ExtensionPoint.fires_at``; a 16.x request fires none):
``run_for(request, ...)`` for ``beforeGET``, ``modified_response()`` for the
``modify…Response`` points, whose receivers get a copy of the response document and may
add, change or remove its top-level ``c_*`` properties (anything else they change is
ignored and logged), in the transaction of the write (``answering()``), before ``select``.

A receiver::

    from customers.signals import customer_before_post
    from shopsite.hooks import Status

    @receiver(customer_before_post)
    def refuse_test_logins(sender, registration, **kwargs):
        if registration["customer"]["login"].startswith("test"):
            return Status.error("NO_TEST_LOGINS", "Test logins are not accepted.")
"""
import contextlib
import copy
import json
import logging
from dataclasses import dataclass

from django.db import transaction
from django.dispatch import Signal

from shopsite import versions
from shopsite.documents import CUSTOM_ATTRIBUTE
from shopsite.faults import HookStatusException
from shopsite.versions import ApiVersion

logger = logging.getLogger("shopsite.hooks")

#: The version of the seed's 18 extension points (the 16.4 text governs every 16.x request).
V16_1 = ApiVersion(16, 1)


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
    def __init__(self, name, python_name, arguments, since=V16_1, response=None):
        super().__init__()
        self.name = name
        self.python_name = python_name
        self.arguments = frozenset(arguments)  # the keyword arguments every receiver gets
        #: The first API version that has it.
        self.since = since
        #: Of a ``modify…Response`` point: the argument that carries the response document.
        self.response = response

    def fires_at(self, version: ApiVersion) -> bool:
        """Whether a request of ``version`` runs this extension point."""
        return version >= self.since

    def fires_for(self, request) -> bool:
        return self.fires_at(versions.request_version(request))

    def run_for(self, request, sender, **kwargs):
        """``run()``, for a request of a version that has the extension point (else None)."""
        if not self.fires_for(request):
            return None
        return self.run(sender, **kwargs)

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

V17_8, V18_3 = ApiVersion(17, 8), ApiVersion(18, 3)

#: The later versions' extension points (design: "Versions"): their arguments are the 16.4
#: hooks' of the same operation, plus the response document (``response``).
_LATER_DECLARATIONS = [
    # name, python name, arguments, since, the argument carrying the response document
    ("dw.ocapi.shop.customer.beforeGET", "customer_before_get", ("customer_id",), V17_8, None),
    ("dw.ocapi.shop.customer.modifyGETResponse", "customer_modify_get_response",
     ("customer", "customer_response"), V18_3, "customer_response"),
    ("dw.ocapi.shop.customer.modifyPOSTResponse", "customer_modify_post_response",
     ("customer", "registration", "customer_response"), V17_8, "customer_response"),
    ("dw.ocapi.shop.customer.modifyPATCHResponse", "customer_modify_patch_response",
     ("customer", "customer_input", "customer_response"), V17_8, "customer_response"),
    ("dw.ocapi.shop.customer.address.modifyPOSTResponse", "customer_address_modify_post_response",
     ("customer", "address_name", "customer_address", "customer_address_response"), V17_8,
     "customer_address_response"),
    ("dw.ocapi.shop.customer.address.modifyPATCHResponse", "customer_address_modify_patch_response",
     ("customer", "address_name", "customer_address", "customer_address_response"), V17_8,
     "customer_address_response"),
]

#: Spec name -> ExtensionPoint: the 16.4 spec's, in its order, then the later versions'.
EXTENSION_POINTS = {
    **{name: ExtensionPoint(name, python_name, args) for name, python_name, args in _DECLARATIONS},
    **{name: ExtensionPoint(name, python_name, args, since=since, response=response)
       for name, python_name, args, since, response in _LATER_DECLARATIONS},
}


def extension_point(name):
    return EXTENSION_POINTS[name]



_MISSING = object()


def _json_value(value) -> bool:
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return False
    return True


def modified_response(point: ExtensionPoint, request, document: dict, *, sender, **arguments) -> dict:
    """The response ``document`` as ``point`` (a ``modify…Response`` extension point) leaves it,
    for a request of a version that has the point; ``document`` itself otherwise.

    The receivers get a copy of the document (the argument ``point.response``); of what they
    change, the top-level ``c_*`` properties with JSON values are taken (added, changed or
    removed); anything else (another property, a nested one, a value JSON cannot carry) is
    ignored and logged as a warning naming the properties. An error Status is a
    HookStatusException, as from every extension point: run it inside ``answering()``.
    """
    if not point.fires_for(request):
        return document
    offered = copy.deepcopy(document)
    point.run(sender, **arguments, **{point.response: offered})
    result = dict(document)
    ignored = []
    for key in [*document, *(key for key in offered if key not in document)]:
        before, after = document.get(key, _MISSING), offered.get(key, _MISSING)
        if before is not _MISSING and after is not _MISSING and before == after:
            continue
        if not (isinstance(key, str) and CUSTOM_ATTRIBUTE.fullmatch(key)) or (
            after is not _MISSING and not _json_value(after)
        ):
            ignored.append(str(key)[:64])
        elif after is _MISSING:
            del result[key]
        else:
            result[key] = after
    if ignored:
        logger.warning("%s: receivers may change the c_* properties of the response only; ignored the "
                       "changes of %s.", point.name, ", ".join(sorted(ignored)[:20]))
    return result


def answering(point: ExtensionPoint, request):
    """The transaction in which a write and its answer are made where the write's
    ``modify…Response`` ``point`` fires (an error Status of it then rolls the write back too);
    no transaction otherwise, so versions without the point run exactly as before."""
    return transaction.atomic() if point.fires_for(request) else contextlib.nullcontext()
