"""The customers resource: thin views over customers.services."""
from rest_framework.response import Response

from customers import services, signals
from customers.access import (
    ActsForCustomers,
    CustomerResourceViewSet,
    NotRegisteredYet,
    RefreshNeedsCustomerJWT,
    caller_is_customer,
    customer_jwt_only,
)
from customers.authentication import RefreshAuthentication
from customers.documents import customer_document, customer_etag, parse_expand, reset_password_token_result
from customers.models import Customer
from customers.request_documents import registration_without_password
from customers.storefront import customer_from_storefront_session
from shopsite import faults, hooks
from shopsite.access import TokenInScope, TrustedServerOnly
from shopsite.api import OcapiViewSet, document_response, resolve_client
from shopsite.authentication import basic_auth_text
from shopsite.etags import etag_of
from shopsite.throttling import (
    AUTH_THROTTLES,
    PASSWORD_RESET_THROTTLES,
    PasswordChangeThrottle,
    PasswordResetIpThrottle,
    RegistrationIpThrottle,
)
from shopsite.versions import request_edition

AUTH_TYPES = ("guest", "credentials", "session", "refresh")


def _customer_response(request, customer, modify=None, headers=None, **arguments):
    """The customer's document with its ETag (the stored customer's), as ``modify``, a
    ``modify…Response`` extension point, leaves it where the request's version has it."""
    doc = customer_document(customer, edition=request_edition(request))
    etag = etag_of(doc)
    if modify is not None:
        doc = hooks.modified_response(modify, request, doc, sender=Customer, customer=customer, **arguments)
    return document_response(doc, etag=etag, headers=headers)


class CustomerViewSet(CustomerResourceViewSet):
    """POST /customers, GET and PATCH /customers/{customer_id}."""

    action_permissions = {"register": [NotRegisteredYet]}

    def get_throttles(self):
        return [RegistrationIpThrottle()] if self.action == "register" else []

    def register(self, request):
        modify = signals.customer_modify_post_response
        with hooks.answering(modify, request):
            # A guest's JWT registers that shopper (with a password); OAuth creates a customer without one.
            customer = services.customer_register(
                site=self.site, registration=request.data, password_required=caller_is_customer(request)
            )
            return _customer_response(request, customer, modify,
                                      registration=registration_without_password(request.data))

    def retrieve(self, request, customer_id):
        customer = self.customer
        expand = parse_expand(request)
        signals.customer_before_get.run_for(request, sender=Customer, customer_id=customer.customer_id)
        doc = customer_document(customer, expand, edition=request_edition(request))
        etag = customer_etag(customer, doc)
        doc = hooks.modified_response(signals.customer_modify_get_response, request, doc, sender=Customer,
                                      customer=customer)
        return document_response(doc, etag=etag)

    def partial_update(self, request, customer_id):
        modify = signals.customer_modify_patch_response
        with hooks.answering(modify, request):
            customer = services.customer_update(
                customer=self.customer, changes=request.data, if_match=request.headers.get("If-Match")
            )
            return _customer_response(request, customer, modify, customer_input=request.data)


class CustomerAuthViewSet(OcapiViewSet):
    """POST /customers/auth (all four types) and DELETE /customers/auth."""

    action_permissions = {
        "obtain_token": [RefreshNeedsCustomerJWT],
        "logout": [customer_jwt_only("Only a customer JWT can be invalidated here.")],
    }

    def initialize_request(self, request, *args, **kwargs):
        # POST logs in by the credentials of its type (a bearer only for refresh); DELETE
        # needs the customer JWT it revokes.
        self.logs_in = request.method == "POST"
        return super().initialize_request(request, *args, **kwargs)

    def get_authenticators(self):
        return [RefreshAuthentication()] if self.logs_in else super().get_authenticators()

    def get_permissions(self):
        if not self.logs_in:
            return super().get_permissions()
        # No caller needed, but a refresh's token in scope, and the client's OCAPI settings.
        classes = [TokenInScope, *self.client_permission_classes, *self.action_permissions["obtain_token"],
                   *self.document_permission_classes]
        return [permission() for permission in classes]

    def get_throttles(self):
        return [throttle() for throttle in AUTH_THROTTLES] if self.logs_in else []

    def obtain_token(self, request):
        client = resolve_client(request)
        auth_type = request.data.get("type")
        if auth_type not in AUTH_TYPES:
            raise faults.PropertyConstraintViolationException(
                f"Property 'type' must be one of {', '.join(AUTH_TYPES)}.", property="type"
            )
        credentials = {}
        if auth_type == "credentials":
            credentials["login"], credentials["password"] = _basic_login_password(request)
        elif auth_type == "session":
            credentials["customer"] = customer_from_storefront_session(request, self.site)
            if credentials["customer"] is None:
                raise faults.AuthenticationFailedException(
                    "Failed to authenticate customer on base of session.", credentialType="session"
                )
        elif auth_type == "refresh":
            credentials["token_record"] = request.auth  # RefreshAuthentication, RefreshNeedsCustomerJWT
        customer, token = services.auth_login(
            site=self.site, client_id=client.client_id, auth_type=auth_type, **credentials
        )
        return _customer_response(request, customer, headers={"Authorization": f"Bearer {token}"})

    def logout(self, request):
        services.auth_token_revoke(token_record=request.auth)
        return Response(status=204)


def _basic_login_password(request):
    """(login, password) of ``Authorization: Basic``; the password may contain ':'."""
    text = basic_auth_text(request)
    if text is None:
        raise faults.AuthorizationBasicMissingException()
    login, separator, password = text.partition(":")
    if not separator:
        raise faults.AuthenticationFailedException(
            "Failed to authenticate customer on base of Authorization:Basic header.", credentialType="credentials"
        )
    return login, password


class OnBehalfViewSet(CustomerResourceViewSet):
    """POST /customers/{customer_id}/auth: an agent's token to act for a customer."""

    accepts_agent_tokens = True
    action_permissions = {"create": [ActsForCustomers]}
    records_agent_writes = False  # obtaining or renewing a token changes nothing of the customer's

    def create(self, request, customer_id):
        agent = request.auth.agent if caller_is_customer(request) else request.user
        token = services.auth_on_behalf(customer=self.customer, client_id=request.auth.client_id, agent=agent)
        return _customer_response(request, self.customer, headers={"Authorization": f"Bearer {token}"})


class TrustedSystemAuthViewSet(OcapiViewSet):
    """POST /customers/auth/trustedsystem: a trusted server's JWT for a registered customer (19.6)."""

    action_permissions = {"create": [TrustedServerOnly]}

    def create(self, request):
        customer, token = services.auth_trusted_system(
            site=self.site, login=request.data.get("login"), client_id=request.data.get("client_id")
        )
        return _customer_response(request, customer, headers={"Authorization": f"Bearer {token}"})


class PasswordViewSet(CustomerResourceViewSet):
    """PUT /customers/{id}/password and POST /customers/{id}/password_reset."""

    action_permissions = {"change": [customer_jwt_only("Changing a password needs the customer's JWT.")]}

    def get_throttles(self):
        return [PasswordChangeThrottle()] if self.action == "change" else []

    def change(self, request, customer_id):
        services.customer_change_password(
            customer=self.customer,
            current_password=request.data.get("current_password"),
            new_password=request.data.get("password"),
            keep_jti=request.auth.jti,
        )
        return Response(status=204)

    def reset_for_customer(self, request, customer_id):
        services.password_reset_for_customer(customer=self.customer)
        return Response(status=204)


class PasswordResetViewSet(OcapiViewSet):
    """POST /customers/password_reset and POST /customers/password/actions/reset (no auth)."""

    authentication_classes = []
    permission_classes = []

    def get_throttles(self):
        throttles = PASSWORD_RESET_THROTTLES if self.action == "start" else [PasswordResetIpThrottle]
        return [throttle() for throttle in throttles]

    def start(self, request):
        services.password_reset_start(
            site=self.site,
            identification=request.data.get("identification"),
            identification_type=request.data.get("type"),
        )
        return Response(status=204)

    def complete(self, request):
        services.password_reset_complete(
            site=self.site,
            reset_token=request.data.get("reset_token"),
            new_password=request.data.get("new_password"),
            login=request.data.get("login"),
        )
        return Response(status=204)


class PasswordResetTokenViewSet(OcapiViewSet):
    """POST /customers/password/actions/create_reset_token: a reset token for a trusted server
    to send from its own system (18.1)."""

    action_permissions = {"create_reset_token": [TrustedServerOnly]}

    def create_reset_token(self, request):
        issued = services.password_reset_token_issue(site=self.site, login=request.data.get("login"))
        return document_response(reset_password_token_result(issued))
