"""OCAPI fault documents: one exception hierarchy, one DRF handler, Django's error views.

Every error under /dw/ (and /.well-known/) leaves as
``{"_v": "16.4", "_type": "fault", "fault": {"type", "message", "arguments"}}``, ``_v`` being the
request's version (``shopsite.formats`` writes it). A fault
type is the class name, so ``raise CustomerNotFoundException(customerId=cid)`` is all a
service has to write. Each type also says what it means to a client (``meaning``), which
is what the OpenAPI description's fault tables print.
"""
import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from rest_framework import exceptions as drf
from rest_framework.response import Response

logger = logging.getLogger("shopsite.faults")


class OcapiFault(drf.APIException):
    """Base of every fault; the subclass name is the OCAPI fault type."""

    status_code = 400
    message = "The request could not be processed."
    #: What the fault type tells a client, and its arguments: the schema's fault tables (the
    #: spec's wording where it has one), kept beside the type so that the two cannot drift apart.
    meaning = "The request could not be processed."
    #: The fault type clients see, where it is not the class name: a type that one operation
    #: answers with another status, as its spec says (``_variant``).
    type_name = None

    def __init__(self, message=None, **arguments):
        self.message = message or self.message
        self.arguments = {key: value for key, value in arguments.items() if value is not None}
        self.headers = {}
        super().__init__(self.message)

    @property
    def fault_type(self):
        return self.type_name or type(self).__name__

    def document(self):
        fault = {"type": self.fault_type, "message": self.message}
        if self.arguments:
            fault["arguments"] = self.arguments
        return {"_type": "fault", "fault": fault}


def _fault(name: str, status: int, message: str, *, meaning: str) -> type[OcapiFault]:
    return type(name, (OcapiFault,), {"status_code": status, "message": message, "meaning": meaning,
                                      "__module__": __name__})


def _variant(fault: type[OcapiFault], name: str, status: int, *, meaning: str) -> type[OcapiFault]:
    """``fault``'s type answered with another ``status`` by the operation whose spec says so:
    a class of its own (``name``, with its own meaning), the same fault type for clients."""
    return type(name, (fault,), {"status_code": status, "meaning": meaning, "type_name": fault.__name__,
                                 "__module__": __name__})


# --- 400: the request itself is wrong -----------------------------------------------
MalformedDocumentException = _fault(
    "MalformedDocumentException", 400, "The request document is malformed.",
    meaning="The body is not a well-formed JSON or XML document.",
)
PropertyConstraintViolationException = _fault(
    "PropertyConstraintViolationException", 400, "A property of the document violates a constraint.",
    meaning="A property has the wrong type, length or value, or a write would cross one of the shop's limits (custom "
            "attributes, addresses, payment instruments, product lists, their items and purchases). Arguments: "
            "`property` where known.",
)
ParameterConstraintViolationException = _fault(
    "ParameterConstraintViolationException", 400, "A query parameter violates a constraint.",
    meaning="A query parameter (or the URL) violates its constraint. Arguments: `parameter`.",
)
ReadOnlyPropertyException = _fault(
    "ReadOnlyPropertyException", 400, "The property is read-only.",
    meaning="A read-only property was sent. Arguments: `property`.",
)
UnknownPropertyException = _fault(
    "UnknownPropertyException", 400, "The property is unknown.",
    meaning="An unknown property was sent. Arguments: `property`.",
)
MissingClientIdException = _fault(
    "MissingClientIdException", 400, "The client id is missing.",
    meaning="No `client_id` parameter nor `x-dw-client-id` header.",
)
InvalidCustomerException = _fault(
    "InvalidCustomerException", 400, "Invalid customer.",
    meaning="The customer id does not match the customer of the JWT (not with OAuth), or the customer is a guest "
            "where a registered customer is needed, or disabled where an enabled one is.",
)
CustomerAlreadyRegisteredException = _fault(
    "CustomerAlreadyRegisteredException", 400, "The customer is already registered.",
    meaning="Called with the JWT of a registered customer.",
)
MissingEmailException = _fault(
    "MissingEmailException", 400, "The email is missing.",
    meaning="The document has no email.",
)
MissingLastNameException = _fault(
    "MissingLastNameException", 400, "The last name is missing.",
    meaning="The document has no last name.",
)
MissingLoginException = _fault(
    "MissingLoginException", 400, "The login is missing.",
    meaning="The document has no login.",
)
LoginAlreadyInUseException = _fault(
    "LoginAlreadyInUseException", 400, "Login is already in use.",
    meaning="The login is already in use.",
)
InvalidLoginException = _fault(
    "InvalidLoginException", 400, "The login doesn't match the acceptance criteria.",
    meaning="The login does not meet the criteria.",
)
InvalidPasswordException = _fault(
    "InvalidPasswordException", 400, "The password doesn't match the acceptance criteria.",
    meaning="The password does not meet the policy (or was sent with OAuth).",
)
MissingPasswordException = _fault(
    "MissingPasswordException", 400, "The password is missing.",
    meaning="No password with a customer JWT.",
)
InvalidEmailException = _fault(
    "InvalidEmailException", 400, "The email address is not valid.",
    meaning="The email address is not valid. Arguments: `email`.",
)
AuthorizationBasicMissingException = _fault(
    "AuthorizationBasicMissingException",
    400,
    "Missing credentials: Add a Authorization:Basic header with base64 encoded username:password.",
    meaning="Type `credentials` without an `Authorization: Basic` header.",
)
InvalidCustomerAddressIdException = _fault(
    "InvalidCustomerAddressIdException", 400, "The customer address id is missing or blank.",
    meaning="The address name is missing or blank. Arguments: `addressId`.",
)
AddressIdAlreadyInUseException = _fault(
    "AddressIdAlreadyInUseException", 400, "Customer address id is already in use.",
    meaning="The address name is already used for the customer.",
)
InvalidResetTokenException = _fault(
    "InvalidResetTokenException", 400, "The password reset token is invalid, expired or already used.",
    meaning="The reset token is unknown, expired, used, or for another login.",
)
# Product lists (beyond 16.4). The 20.4 swagger names ProductListProductIdMissingException; OCAPI's
# ProductLists resource ProductListSearchTermException; the others are shopsite's names for the cases
# the swagger describes without naming a type (docs/product_lists.md).
InvalidProductListTypeException = _fault(
    "InvalidProductListTypeException", 400, "The product list type is missing or not valid.",
    meaning="No `type`, or not one of the product list types, for the list to create. Arguments: `type`.",
)
InvalidProductListAddressException = _fault(
    "InvalidProductListAddressException", 400, "The address link does not name an address of the customer.",
    meaning="The `address_id` of an address link names no address of the customer. Arguments: `property`, "
            "`addressId`.",
)
ProductListItemTypeMissingException = _fault(
    "ProductListItemTypeMissingException", 400, "The type of the product list item is missing.",
    meaning="The item to add has no `type`.",
)
ProductListProductIdMissingException = _fault(
    "ProductListProductIdMissingException", 400, "The product id of the product list item is missing.",
    meaning="A `product` item without `product_id`.",
)
ProductListGiftCertificateItemExistsException = _fault(
    "ProductListGiftCertificateItemExistsException", 400, "The product list already has a gift certificate item.",
    meaning="A list holds one gift certificate item at most.",
)
ProductListSearchTermException = _fault(
    "ProductListSearchTermException", 400, "No proper search term: give an email, or a first and a last name.",
    meaning="The search names neither `email` nor both `firstname` and `lastname`.",
)

# --- 401 / 403: who is asking ---------------------------------------------------------
InvalidAccessTokenException = _fault(
    "InvalidAccessTokenException", 401, "The access token is missing or invalid.",
    meaning="The token is missing, invalid, revoked, for another site or another client id.",
)
ExpiredTokenException = _fault(
    "ExpiredTokenException", 401, "The provided token has expired.",
    meaning="The token has expired.",
)
InvalidClientIdException = _fault(
    "InvalidClientIdException", 401, "The client id is unknown or disabled.",
    meaning="The client id is unknown or disabled.",
)
AuthenticationFailedException = _fault(
    "AuthenticationFailedException", 401, "Failed to authenticate customer.",
    meaning="Unknown login, wrong password, inactive session, or a disabled or locked customer. Arguments: "
            "`credentialType`.",
)
InsufficientPermissionsException = _fault(
    "InsufficientPermissionsException", 403, "The caller lacks the permission for this operation.",
    meaning="The token may not do this (agents act through on-behalf tokens).",
)
ClientAccessForbiddenException = _fault(
    "ClientAccessForbiddenException", 403, "Unauthorized access to the resource by this client.",
    meaning="The client's OCAPI settings grant it no access to this resource with this method (a client the "
            "settings do not list may call nothing). Arguments: `method`, `resource`, `clientId`.",
)

# --- 404: what is asked for -----------------------------------------------------------
NotFoundException = _fault(
    "NotFoundException", 404, "The requested resource was not found.",
    meaning="No such resource (unknown route or site, an operation the API version does not have, a version "
            "that is not served).",
)


def no_resource_at(path: str) -> OcapiFault:
    """What an unknown API path answers (an operation the version lacks too)."""
    return NotFoundException(f"No resource at '{path[:200]}'.")


CustomerNotFoundException = _fault(
    "CustomerNotFoundException", 404, "The customer was not found.",
    meaning="No customer with that id on the site (OAuth callers). Arguments: `customerId`.",
)
CustomerAddressNotFoundException = _fault(
    "CustomerAddressNotFoundException", 404, "The customer address was not found.",
    meaning="No address of that name for the customer. Arguments: `addressId`, `customerNo`, `siteId`.",
)
#: CustomerNotFoundException as ``POST /customers/password/actions/create_reset_token`` answers it:
#: the login is a property of the request document, and the 20.4 swagger gives that operation 400.
CustomerNotFoundByLoginException = _variant(
    CustomerNotFoundException, "CustomerNotFoundByLoginException", 400,
    meaning="No registered customer with that login on the site (the login of the request document). "
            "Arguments: `login`.",
)
PaymentInstrumentNotFoundException = _fault(
    "PaymentInstrumentNotFoundException", 404, "The payment instrument was not found.",
    meaning="No payment instrument with that id for the customer. Arguments: `paymentInstrumentId`.",
)
CustomerProductListNotFoundException = _fault(
    "CustomerProductListNotFoundException", 404, "The customer product list was not found.",
    meaning="No product list with that id for the customer on the site. Arguments: `listId`.",
)
CustomerProductListItemNotFoundException = _fault(
    "CustomerProductListItemNotFoundException", 404, "The customer product list item was not found.",
    meaning="No item with that id in the customer's product list. Arguments: `listId`, `itemId`.",
)
CustomerProductListItemPurchaseNotFoundException = _fault(
    "CustomerProductListItemPurchaseNotFoundException", 404, "The product list item purchase was not found.",
    meaning="No purchase with that id of the product list item. Arguments: `itemId`, `purchaseId`.",
)
ProductListNotFoundException = _fault(
    "ProductListNotFoundException", 404, "The product list was not found.",
    meaning="No public product list with that id on the site. Arguments: `listId`.",
)
ProductListItemNotFoundException = _fault(
    "ProductListItemNotFoundException", 404, "The product list item was not found.",
    meaning="No public item with that id in the public product list. Arguments: `listId`, `itemId`.",
)

# --- protocol -------------------------------------------------------------------------
MethodNotAllowedException = _fault(
    "MethodNotAllowedException", 405, "The HTTP method is not allowed here.",
    meaning="The HTTP method (or method override) is not allowed here.",
)
InvalidIfMatchException = _fault(
    "InvalidIfMatchException", 412, "The If-Match header does not match the resource's current ETag.",
    meaning="`If-Match` names another version of the resource; nothing was written.",
)
RequestEntityTooLargeException = _fault(
    "RequestEntityTooLargeException", 413, "The request body exceeds the maximum size of 5 MB.",
    meaning="The body exceeds 5 MB.",
)
UnsupportedMediaTypeException = _fault(
    "UnsupportedMediaTypeException", 415, "The request's content type is not supported.",
    meaning="The body's content type is neither JSON nor XML.",
)
TooManyRequestsException = _fault(
    "TooManyRequestsException", 429, "Too many requests; retry later.",
    meaning="Throttled; retry after `Retry-After` seconds.",
)
InternalServerException = _fault(
    "InternalServerException", 500, "An internal server error occurred.",
    meaning="An unexpected error on the server (logged with the request id).",
)


class HookStatusException(OcapiFault):
    """An extension point's receiver returned an error Status."""

    status_code = 400
    meaning = ("An extension point answered an error status. Arguments: `extensionPoint`, `statusCode`, "
               "`statusMessage`.")

    def __init__(self, extension_point, status):
        super().__init__(
            f"Error in ExtensionPoint '{extension_point}'!",
            extensionPoint=extension_point,
            statusCode=status.code,
            statusMessage=status.message,
        )


def as_fault(exc):
    """Translate any exception into the OcapiFault that answers it."""
    if isinstance(exc, OcapiFault):
        return exc
    if isinstance(exc, RequestDataTooBig):
        return RequestEntityTooLargeException()
    if isinstance(exc, SuspiciousOperation):  # bad Host, too many form fields, ...
        return MalformedDocumentException("The request is malformed.")
    if isinstance(exc, (Http404, drf.NotFound)):
        return NotFoundException()
    if isinstance(exc, drf.MethodNotAllowed):
        return MethodNotAllowedException(f"The HTTP method '{exc.args[0] if exc.args else ''}' is not allowed here.")
    if isinstance(exc, drf.UnsupportedMediaType):
        return UnsupportedMediaTypeException()
    if isinstance(exc, drf.ParseError):
        return MalformedDocumentException()
    if isinstance(exc, drf.ValidationError):
        return PropertyConstraintViolationException(_first_error(exc.detail))
    if isinstance(exc, drf.Throttled):
        fault = TooManyRequestsException()
        if exc.wait is not None:
            fault.headers["Retry-After"] = str(max(1, int(exc.wait + 0.999)))
        return fault
    if isinstance(exc, (drf.NotAuthenticated, drf.AuthenticationFailed)):
        return InvalidAccessTokenException()
    if isinstance(exc, (drf.PermissionDenied, DjangoPermissionDenied)):
        return InsufficientPermissionsException()
    if isinstance(exc, drf.APIException) and exc.status_code < 500:
        fault = OcapiFault(str(exc.detail))
        fault.status_code = exc.status_code
        return fault
    return InternalServerException()


def _first_error(detail, path=""):
    """The first message of a DRF error tree, named by the property that caused it."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if key != "non_field_errors" else ""
            return _first_error(value, f"{path}.{name}".strip(".") if name else path)
    if isinstance(detail, list) and detail:
        return _first_error(detail[0], path)
    return f"Property '{path}': {detail}" if path else str(detail)


def fault_headers(fault):
    headers = dict(fault.headers)
    if fault.status_code == 401:
        # Without WWW-Authenticate DRF would turn 401 into 403.
        headers.setdefault("WWW-Authenticate", 'Bearer realm="shopsite"')
    return headers


def exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: every exception in an API view becomes a fault."""
    from rest_framework.views import set_rollback  # here: rest_framework.views imports our settings

    fault = as_fault(exc)
    if fault.status_code >= 500:
        request = context.get("request")
        logger.error("Unhandled error in %s (request id %s)", context.get("view").__class__.__name__,
                     getattr(request, "request_id", "-"), exc_info=exc)
    set_rollback()
    return Response(fault.document(), status=fault.status_code, headers=fault_headers(fault))


# --- Django-level error views (unknown routes, crashes outside DRF) ----------------------
def is_api_path(path):
    """Paths answered with fault documents rather than HTML error pages."""
    if path.startswith(("/dw/", "/.well-known/")):
        return True
    parts = path.split("/", 4)
    return len(parts) > 3 and parts[1] == "s" and parts[3] == "dw"


def fault_response(request, fault):
    from shopsite.formats import render_document

    return render_document(request, fault.document(), status=fault.status_code, headers=fault_headers(fault))


def page_not_found(request, exception=None):
    if is_api_path(request.path):
        return fault_response(request, NotFoundException())
    from django.views.defaults import page_not_found as default

    return default(request, exception)


def server_error(request):
    if is_api_path(request.path):
        return fault_response(request, InternalServerException())
    from django.views.defaults import server_error as default

    return default(request)


def bad_request(request, exception=None):
    if is_api_path(request.path):
        return fault_response(request, as_fault(exception) if exception else MalformedDocumentException())
    from django.views.defaults import bad_request as default

    return default(request, exception)


def permission_denied(request, exception=None):
    if is_api_path(request.path):
        return fault_response(request, InsufficientPermissionsException())
    from django.views.defaults import permission_denied as default

    return default(request, exception)
