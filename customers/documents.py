"""The Customer document, as plain dicts (fast), with ``expand`` contributed by other apps."""
from shopsite import faults
from shopsite.documents import document
from shopsite.etags import etag_of

PROFILE_TEXT = (
    "company_name", "email", "fax", "first_name", "job_title", "last_name", "login", "phone_business",
    "phone_home", "phone_mobile", "preferred_locale", "salutation", "second_name", "suffix", "title",
)

#: expand value -> (document property, function(customer) -> list of documents)
EXPANSIONS = {}


def register_expansion(value, property_name, build):
    """Called by the addresses and payments apps in their AppConfig.ready()."""
    EXPANSIONS[value] = (property_name, build)


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


def customer_document(customer, expand=()):
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
    for name in PROFILE_TEXT:
        fields[name] = getattr(customer, name) or None
    for value in expand:
        property_name, build = EXPANSIONS[value]
        fields[property_name] = build(customer)
    return document("customer", fields, customer.custom)


def customer_etag(customer, doc=None):
    """The ETag of the customer itself (expansions excluded), as PATCH's If-Match sees it;
    from ``doc`` when its document (expanded or not) is already built."""
    if doc is None:
        return etag_of(customer_document(customer))
    expanded = {property_name for property_name, _build in EXPANSIONS.values()}
    return etag_of({key: value for key, value in doc.items() if key not in expanded})
