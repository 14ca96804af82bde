"""The customers app's part of the OpenAPI description: customers, auth, passwords.

Also what the other apps' descriptions share about a customer: the ``customer_id`` path
parameter, the faults of finding the customer (``customers.access``), the customer JWT
security scheme, and ``describe_expansion()`` for the documents they embed in the customer.

Like every app's ``openapi`` module, it registers itself when imported, and
``shopsite.openapi.annotate_views()`` is what imports it.
"""
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter

from customers.authentication import CustomerJWTAuthentication
from customers.documents import EXPANSIONS
from customers.models import WRITABLE_PROFILE_FIELDS
from customers.views import (
    CustomerAuthViewSet,
    CustomerViewSet,
    OnBehalfViewSet,
    PasswordResetTokenViewSet,
    PasswordResetViewSet,
    PasswordViewSet,
    TrustedSystemAuthViewSet,
)
from shopsite import OCAPI_VERSION, faults
from shopsite.openapi import (
    HOOKS,
    IF_MATCH,
    NO_AUTH,
    OAUTH,
    THROTTLED,
    WITH_BODY,
    WITH_TOKEN,
    Link,
    Operation,
    register_app_description,
    success,
)
from shopsite.openapi_blocks import (
    CLIENT_ID_PARAMETERS,
    DATE,
    DATE_TIME,
    ETAG,
    IF_MATCH_HEADER,
    document,
    header,
    nullable,
    path_parameter,
    ref,
    request_document,
    string,
)

JWT = {"customerJWT": []}
BASIC = {"credentialsBasic": []}
SECURITY_SCHEMES = {
    "customerJWT": {
        "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
        "description": "A customer JWT from `POST /customers/auth` (RS256, 30 minutes; public keys at "
                       "`/.well-known/jwks.json`), or an agent's on-behalf JWT.",
    },
    "credentialsBasic": {
        "type": "http", "scheme": "basic",
        "description": "`POST /customers/auth` with type `credentials`: the customer's login and password.",
    },
}


class CustomerJWTScheme(OpenApiAuthenticationExtension):
    target_class = CustomerJWTAuthentication
    name = "customerJWT"

    def get_security_definition(self, auto_schema):
        return SECURITY_SCHEMES["customerJWT"]


CUSTOMER_ID = path_parameter("customer_id", "The customer's id.")
#: What every operation on the customer of the path may answer (customers.access).
FOR_CUSTOMER = (faults.InvalidCustomerException, faults.CustomerNotFoundException)
TOKEN = {"Authorization": header("`Bearer <JWT>`: the customer's token.")}

#: expand value -> (property of the customer document, its JSON Schema), described by the apps
#: that register the expansion (customers.documents.register_expansion).
EXPANDED_PROPERTIES = {}


def describe_expansion(*, value: str, property_name: str, item_component: str, description: str) -> None:
    """Called by the ``openapi`` module of an app that registers the expansion ``value``: the
    customer document's ``property_name`` is then a list of ``item_component``."""
    EXPANDED_PROPERTIES[value] = (property_name,
                                  {"type": "array", "items": ref(item_component), "description": description})


def password_min_length():
    """The shortest password the configured policy accepts (MinimumLengthValidator), or 1."""
    from django.conf import settings

    for validator in settings.SHOPSITE_PASSWORD_VALIDATORS:
        if validator["NAME"].endswith(".MinimumLengthValidator"):
            return validator.get("OPTIONS", {}).get("min_length", 8)
    return 1


def components():
    """The customers app's documents as JSON Schemas (OpenAPI 3.1)."""
    described = {value: property_name for value, (property_name, _) in EXPANDED_PROPERTIES.items()}
    registered = {value: expansion.property_name for value, expansion in EXPANSIONS.items()}
    assert described == registered, f"expansions described {described}, registered {registered}"

    profile_text = {name: string(limit) for name, limit in WRITABLE_PROFILE_FIELDS.items() if limit is not None}
    profile_text["email"] = string(WRITABLE_PROFILE_FIELDS["email"], "The customer's email address.")
    gender = {"type": "integer", "enum": [1, 2], "description": "1 = male, 2 = female."}
    customer_properties = {
        **profile_text,
        **dict(EXPANDED_PROPERTIES.values()),
        "auth_type": {"type": "string", "enum": ["guest", "registered"]},
        "birthday": DATE,
        "creation_date": DATE_TIME,
        "customer_id": string(28, "The customer's id (guests and registered customers).", readOnly=True),
        "customer_no": string(100, "The customer number (registered customers only).", readOnly=True),
        "enabled": {"type": "boolean", "readOnly": True},
        "gender": gender,
        "last_login_time": DATE_TIME,
        "last_modified": DATE_TIME,
        "last_visit_time": DATE_TIME,
        "login": string(256, "The customer's login.", readOnly=True),
        "previous_login_time": DATE_TIME,
        "previous_visit_time": DATE_TIME,
    }
    writable_profile = {name: nullable(schema) for name, schema in profile_text.items()}
    writable_profile["email"] = nullable(string(WRITABLE_PROFILE_FIELDS["email"], "The email address (null clears it, "
                                                "for guests only).", format="email"))
    new_password = string(4096, f"The new password: at least {password_min_length()} characters, not all digits, "
                                "not a very common one (the configured policy).", minLength=password_min_length())
    writable_profile["birthday"] = nullable(DATE)
    writable_profile["gender"] = {**gender, "type": ["integer", "null"], "enum": [1, 2, None]}

    return {
        "customer": document(
            "customer", "A customer, guest or registered. Guests have only `auth_type`, `customer_id` and "
            f"`preferred_locale`. Expansions: {', '.join(sorted(EXPANDED_PROPERTIES))}.",
            customer_properties, required=("auth_type", "customer_id"), custom=True,
            example={"_v": OCAPI_VERSION, "_type": "customer", "auth_type": "registered",
                     "creation_date": "2015-09-09T15:50:53.142Z", "customer_id": "ada5ZiobJRE4Ma1fSaAogMDKgI",
                     "customer_no": "00001140", "email": "jsmith@example.com", "last_name": "Smith",
                     "login": "jsmith", "c_origin": "webshop"},
        ),
        "customer_input": request_document(
            "The properties of a Customer document to change (PATCH). Read-only properties are answered "
            "with 400 ReadOnlyPropertyException, unknown ones with 400 UnknownPropertyException; `null` "
            "clears a value (email and last name of a registered customer cannot be cleared).",
            writable_profile, custom=True,
            example={"email": "jsmith@example.com", "fax": "+49 03641 78393 343", "c_origin": "webshop"},
        ),
        "customer_registration": request_document(
            "CustomerRegistration: the customer (login, email and last_name mandatory) and, with a "
            "customer JWT, the password. With OAuth no password may be sent.",
            {
                "customer": request_document(
                    "The registered customer's profile: login, email and last name are mandatory.",
                    {**writable_profile,
                     "email": string(WRITABLE_PROFILE_FIELDS["email"], "The email address.", minLength=1,
                                     format="email"),
                     "last_name": string(WRITABLE_PROFILE_FIELDS["last_name"], minLength=1, pattern=r"\S"),
                     "login": string(256, "1-256 characters, no surrounding whitespace, no control characters, "
                                          "no ':'.", minLength=1,
                                     pattern=r"^[^\s:\x00-\x1f\x7f](?:[^:\x00-\x1f\x7f]*[^\s:\x00-\x1f\x7f])?$")},
                    required=("login", "email", "last_name"), custom=True,
                ),
                "password": {**new_password, "description": "Mandatory with a customer JWT, not allowed with "
                                                            "OAuth. " + new_password["description"]},
            },
            required=("customer",),
            example={"password": "12345!aBcD",
                     "customer": {"login": "jsmith2", "email": "jsmith@example.com", "last_name": "Smith"}},
        ),
        "auth_request": request_document(
            "AuthRequest: which kind of token to obtain.",
            {"type": {"type": "string", "enum": ["guest", "credentials", "session", "refresh"],
                      "description": "`credentials` needs `Authorization: Basic`, `refresh` "
                                     "`Authorization: Bearer`, `session` the storefront's cookies."}},
            required=("type",), example={"type": "guest"}, strict=False,
        ),
        "password_reset": request_document(
            "PasswordReset: whom to send a reset token (204 whether or not a customer matched).",
            {"identification": string(description="The customer's email or login, by `type`.", minLength=1),
             "type": {"type": "string", "enum": ["email", "login"]}},
            required=("identification", "type"), example={"identification": "jsmith@example.com", "type": "email"},
            strict=False,
        ),
        "reset_password_request": request_document(
            "Completes a password reset with the token sent to the customer (beyond 16.4, as 20.4).",
            {"reset_token": string(description="The token of the reset email.", minLength=1),
             "new_password": new_password,
             "login": string(256, "Optional: the customer's login, checked against the token's customer.")},
            required=("reset_token", "new_password"), strict=False,
        ),
        "reset_password_token_request": request_document(
            "Whose reset token to create (`create_reset_token`, 18.1 and later).",
            {"login": string(256, "The customer's login.", minLength=1, pattern=r"\S")},
            required=("login",), strict=False, example={"login": "jsmith"},
        ),
        "reset_password_token_result": document(
            "reset_password_token_result", "A password reset token for the shop to send from its own system "
            "(it is a secret: shown once, never logged). `POST /customers/password/actions/reset` takes it.",
            {"email": string(256, "The customer's email address (when it has one)."),
             "expires_in_minutes": {"type": "integer", "format": "int32", "minimum": 1,
                                    "description": "How long the token is valid, in minutes."},
             "login": string(256, "The customer's login."),
             "reset_token": string(description="The single-use password reset token.")},
            required=("expires_in_minutes", "login", "reset_token"),
        ),
        "trusted_system_auth_request": request_document(
            "TrustedSystemAuthRequest: whom a trusted system logs in, and the storefront client the JWT is for "
            "(19.6 and later).",
            {"client_id": string(description="The client id of the shopping application to be encoded in the "
                                             "customer JWT (an enabled API client); not the OAuth client of the "
                                             "call.", minLength=1, pattern=r"\S"),
             "login": string(description="The customer's login.", minLength=1, pattern=r"\S")},
            required=("client_id", "login"), strict=False,
            example={"client_id": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "login": "jsmith"},
        ),
        "password_change_request": request_document(
            "PasswordChangeRequest: every failure is 400 HookStatusException of "
            "`dw.ocapi.shop.customer.putPassword`.",
            {"current_password": string(4096, minLength=1), "password": new_password},
            required=("current_password", "password"), strict=False,
            example={"current_password": "12345!aBcD", "password": "n3w-Passw0rd!"},
        ),
    }


def expand_parameter():
    """``expand``: the values the apps described (describe_expansion)."""
    values = sorted(EXPANDED_PROPERTIES)
    return OpenApiParameter(
        "expand", {"type": "array", "items": {"type": "string", "enum": values}, "uniqueItems": True},
        OpenApiParameter.QUERY, style="form", explode=False,
        description="Comma-separated: " + ", ".join(f"`{value}`" for value in values) + ".",
    )


def operations():
    """The customers app's operations, in the order of the spec's table."""
    return [
        Operation(
            view=CustomerViewSet, action="register", operation_id="postCustomers", summary="Register a customer",
            tag="customers", security=[JWT, OAUTH],
            responses={200: success(component="customer", description="The registered customer.", headers=ETAG)},
            faults=(faults.CustomerAlreadyRegisteredException, faults.MissingEmailException,
                    faults.MissingLastNameException, faults.MissingLoginException, faults.LoginAlreadyInUseException,
                    faults.InvalidLoginException, faults.InvalidPasswordException, faults.MissingPasswordException,
                    faults.InvalidEmailException, faults.ReadOnlyPropertyException, faults.UnknownPropertyException,
                    *WITH_BODY, *WITH_TOKEN, *THROTTLED, *HOOKS),
            request="customer_registration",
            hooks=("dw.ocapi.shop.customer.beforePost", "dw.ocapi.shop.customer.afterPost",
                   "dw.ocapi.shop.customer.modifyPOSTResponse"),
            description="The mandatory data are the login, last name and email. With a customer JWT (a guest's) "
                        "the password is required; with OAuth it must not be sent. Returns the new customer (no "
                        "token: log in with `credentials` next).",
        ),
        Operation(
            view=CustomerAuthViewSet, action="logout", operation_id="deleteCustomersAuth",
            summary="Invalidate the customer JWT", tag="auth", security=[JWT],
            responses={204: success(description="The token is revoked (only that one).")}, faults=WITH_TOKEN,
        ),
        Operation(
            view=CustomerAuthViewSet, action="obtain_token", operation_id="postCustomersAuth",
            summary="Get or refresh a customer JWT", tag="auth", security=[NO_AUTH, BASIC, JWT],
            responses={200: success(component="customer", description="The customer; the JWT is in the "
                                                                      "`Authorization` response header.",
                                    headers={**TOKEN, **ETAG})},
            faults=(faults.AuthorizationBasicMissingException, faults.MissingClientIdException,
                    faults.InvalidClientIdException, faults.AuthenticationFailedException,
                    faults.InvalidAccessTokenException, faults.ExpiredTokenException, *WITH_BODY, *THROTTLED,
                    *HOOKS),
            parameters=CLIENT_ID_PARAMETERS, request="auth_request", hooks=("dw.ocapi.shop.auth.afterAuth",),
            description="Type `guest` creates a guest and returns its token; `credentials` logs in with "
                        "`Authorization: Basic base64(login:password)` (6 failures lock the account for 30 "
                        "minutes); `session` hands over the storefront session of the `dwsid` and "
                        "`dwsecuretoken_*` cookies; `refresh` exchanges a valid `Authorization: Bearer` JWT of the "
                        "same client for a new one. JWTs last 30 minutes.",
        ),
        Operation(
            view=TrustedSystemAuthViewSet, action="create", operation_id="postCustomersAuthTrustedsystem",
            summary="Get a customer JWT for a trusted system (19.6)", tag="auth", security=[OAUTH],
            responses={200: success(component="customer", description="The customer; the JWT (for the "
                                                                      "`client_id` of the document) is in the "
                                                                      "`Authorization` response header.",
                                    headers={**TOKEN, **ETAG})},
            faults=(faults.MissingLoginException, faults.InvalidClientIdException,
                    faults.AuthenticationFailedException, *WITH_BODY, *WITH_TOKEN),
            request="trusted_system_auth_request",
            description="For a trusted server only (an OAuth token of the client credentials grant; a customer "
                        "JWT gets 401, an agent's token 403) that keeps the customers' credentials itself: a JWT "
                        "for the registered customer with that login, issued to the document's `client_id`, "
                        "without a password. It is a login (login and visit times shift); an unknown login, a "
                        "disabled or a locked customer is 401 AuthenticationFailedException, an unknown or "
                        "disabled `client_id` 401 InvalidClientIdException. No extension point runs.",
        ),
        Operation(
            view=PasswordResetViewSet, action="start", operation_id="postCustomersPasswordReset",
            summary="Start a password reset", tag="password", security=[NO_AUTH],
            responses={204: success(description="Accepted, whether or not a customer matched.")},
            faults=(faults.MissingClientIdException, *WITH_BODY, *THROTTLED, *HOOKS), request="password_reset",
            parameters=CLIENT_ID_PARAMETERS, hooks=("dw.ocapi.shop.customers.password_reset.afterPOST",),
            description="When exactly one registered customer matches the email or login, a single-use reset "
                        "token is created and passed with the customer to the afterPOST extension point (by "
                        "default it queues an email with a link to the storefront's reset page).",
        ),
        Operation(
            view=PasswordResetViewSet, action="complete", operation_id="postCustomersPasswordActionsReset",
            summary="Complete a password reset (beyond 16.4)", tag="password", security=[NO_AUTH],
            responses={204: success(description="The password is set; every token and session of the customer "
                                                "ends.")},
            faults=(faults.InvalidResetTokenException, faults.InvalidPasswordException, faults.MissingClientIdException,
                    *WITH_BODY, *THROTTLED),
            parameters=CLIENT_ID_PARAMETERS, request="reset_password_request",
            description="Sets a new password with the token of a reset email (or of `create_reset_token`), as "
                        "later OCAPI versions do.",
        ),
        Operation(
            view=PasswordResetTokenViewSet, action="create_reset_token",
            operation_id="postCustomersPasswordActionsCreateResetToken",
            summary="Create a password reset token for a login (18.1)", tag="password", security=[OAUTH],
            responses={200: success(component="reset_password_token_result",
                                    description="The token, for the shop to send from its own system.")},
            faults=(faults.MissingLoginException, faults.CustomerNotFoundByLoginException,
                    faults.InvalidCustomerException, *WITH_BODY, *WITH_TOKEN),
            request="reset_password_token_request",
            description="For a trusted server only (an OAuth token of the client credentials grant; a customer "
                        "JWT gets 401, an agent's token 403): a single-use reset token for the registered "
                        "customer with that login, valid for `SHOPSITE_RESET_TOKEN_MINUTES`, which "
                        "`POST /customers/password/actions/reset` takes. Unlike `POST /customers/password_reset` "
                        "no extension point runs and no email is sent. A disabled customer is 400 "
                        "InvalidCustomerException; a locked one gets a token (a reset clears the lockout).",
        ),
        Operation(
            view=CustomerViewSet, action="retrieve", operation_id="getCustomersByID", summary="Get a customer",
            tag="customers", security=[JWT, OAUTH],
            responses={200: success(component="customer", description="The customer (with the requested "
                                                                      "expansions).", headers=ETAG)},
            faults=(*FOR_CUSTOMER, *WITH_TOKEN, *HOOKS), parameters=[CUSTOMER_ID, expand_parameter()],
            hooks=("dw.ocapi.shop.customer.beforeGET", "dw.ocapi.shop.customer.modifyGETResponse"),
        ),
        Operation(
            view=CustomerViewSet, action="partial_update", operation_id="patchCustomersByID",
            summary="Update a customer", tag="customers", security=[JWT, OAUTH],
            responses={200: success(component="customer", description="The updated customer.", headers=ETAG)},
            faults=(faults.InvalidEmailException, faults.MissingEmailException, faults.MissingLastNameException,
                    faults.ReadOnlyPropertyException, faults.UnknownPropertyException, *FOR_CUSTOMER, *WITH_BODY,
                    *WITH_TOKEN, *IF_MATCH, *HOOKS),
            parameters=[CUSTOMER_ID, IF_MATCH_HEADER], request="customer_input",
            hooks=("dw.ocapi.shop.customer.beforePatchCustomer", "dw.ocapi.shop.customer.afterPatchCustomer",
                   "dw.ocapi.shop.customer.modifyPATCHResponse"),
        ),
        Operation(
            view=OnBehalfViewSet, action="create", operation_id="postCustomersByIDAuth",
            summary="Get an agent's on-behalf token", tag="auth", security=[JWT, OAUTH],
            responses={200: success(component="customer", description="The customer; the on-behalf JWT is in the "
                                                                      "`Authorization` response header.",
                                    headers={**TOKEN, **ETAG})},
            faults=(*FOR_CUSTOMER, *WITH_TOKEN), parameters=[CUSTOMER_ID],
            description="For an agent's OAuth token (staff user with the permission "
                        "`customers.create_order_on_behalf_of`) and a registered customer, or for an on-behalf "
                        "JWT of that customer, which is exchanged for a new one (renewal). Other tokens get 403.",
        ),
        Operation(
            view=PasswordViewSet, action="change", operation_id="putCustomersByIDPassword",
            summary="Change the password", tag="password", security=[JWT],
            responses={204: success(description="Changed; every other token of the customer is revoked.")},
            faults=(*FOR_CUSTOMER, *WITH_BODY, *WITH_TOKEN, *THROTTLED, *HOOKS), parameters=[CUSTOMER_ID],
            request="password_change_request", hooks=("dw.ocapi.shop.customer.putPassword",),
            description="Needs the customer's own JWT (OAuth tokens get 401); a guest has no password to change "
                        "(400 InvalidCustomerException).",
        ),
        Operation(
            view=PasswordViewSet, action="reset_for_customer", operation_id="postCustomersByIDPasswordReset",
            summary="Start a password reset for a customer", tag="password", security=[JWT, OAUTH],
            responses={204: success(description="A reset token was created and passed to the afterPOST "
                                                "extension point.")},
            faults=(*FOR_CUSTOMER, *WITH_TOKEN, *HOOKS), parameters=[CUSTOMER_ID],
            hooks=("dw.ocapi.shop.customer.password_reset.afterPOST",),
        ),
    ]


LINKS = (
    Link(source="postCustomers", status=200, target="getCustomersByID",
         parameters={"customer_id": "$response.body#/customer_id"}),
    Link(source="postCustomersAuth", status=200, target="getCustomersByID",
         parameters={"customer_id": "$response.body#/customer_id"}),
)

register_app_description(app_label="customers", operations=operations, components=components,
                         security_schemes=SECURITY_SCHEMES, links=LINKS)
