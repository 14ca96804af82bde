"""The Customer document, as plain dicts (fast), with ``expand`` contributed by other apps."""
from typing import Callable, NamedTuple

from customers.models import PROFILE_TEXT_FIELDS
from shopsite import faults
from shopsite.documents import document
from shopsite.etags import etag_of
from shopsite.prepared import PreparedQuery, run_together
from shopsite.versions import V16_4, ApiVersion


class Expansion(NamedTuple):
    property_name: str
    query: PreparedQuery  # of the customer's primary key
    item_document: Callable  # (instance, *, edition) -> document


#: expand value -> Expansion
EXPANSIONS = {}


def register_expansion(value, property_name, query, item_document):
    """Called by the addresses and payments apps in their AppConfig.ready(). Guests have
    no expansions (no address book, no saved instruments): their lists stay empty.
    ``item_document(instance, edition=...)`` renders an item in an edition of the documents
    (shopsite.versions.DOCUMENT_EDITIONS)."""
    EXPANSIONS[value] = Expansion(property_name, query, item_document)


def parse_expand(request):
    """The requested expansions; an unknown value is a 400 parameter fault."""
    raw = request.query_params.get("expand")
    if not raw:
        return ()
    values = [value.strip().lower() for value in raw.split(",") if value.strip()]
    unknown = [value for value in values if value not in EXPANSIONS]
    if unknown:
        raise faults.ParameterConstraintViolationException(
            f"Unknown expand value '{unknown[0][:64]}'; allowed: {', '.join(sorted(EXPANSIONS))}.",
            parameter="expand",
        )
    return tuple(dict.fromkeys(values))


def customer_document(customer, expand=(), *, edition: ApiVersion = V16_4):
    """The Customer document; its own properties are the same in every edition of the documents,
    the expanded items are in ``edition``'s."""
    fields = {"auth_type": customer.auth_type, "customer_id": customer.customer_id}
    if not customer.is_guest:
        fields.update(
            {
                "birthday": customer.birthday,
                "creation_date": customer.creation_date,
                "customer_no": customer.customer_no,
                "enabled": customer.enabled,
                "gender": customer.gender,
                "last_login_time": customer.last_login_time,
                "last_modified": customer.last_modified,
                "last_visit_time": customer.last_visit_time,
                "previous_login_time": customer.previous_login_time,
                "previous_visit_time": customer.previous_visit_time,
            }
        )
    for name in ("login", *PROFILE_TEXT_FIELDS):
        fields[name] = getattr(customer, name) or None
    expansions = [EXPANSIONS[value] for value in expand]
    if customer.is_guest:
        found = [[] for _expansion in expansions]
    else:  # all in one round trip on PostgreSQL
        found = run_together(*[(expansion.query, (customer.pk,)) for expansion in expansions])
    for expansion, instances in zip(expansions, found, strict=True):
        fields[expansion.property_name] = [expansion.item_document(instance, edition=edition) for instance in instances]
    return document("customer", fields, customer.custom)


def customer_etag(customer, doc=None):
    """The ETag of the customer itself (expansions excluded), as PATCH's If-Match sees it;
    from ``doc`` when its document (expanded or not) is already built."""
    if doc is None:
        return etag_of(customer_document(customer))
    expanded = {expansion.property_name for expansion in EXPANSIONS.values()}
    return etag_of({key: value for key, value in doc.items() if key not in expanded})


def reset_password_token_result(issued):
    """The ``reset_password_token_result`` of ``create_reset_token`` (an ``IssuedResetToken``):
    the token, once; the customer's login and email (when it has one), and the token's lifetime."""
    customer = issued.customer
    return document("reset_password_token_result", {
        "email": customer.email or None,
        "expires_in_minutes": issued.expires_in_minutes,
        "login": customer.login,
        "reset_token": issued.reset_token,
    })
