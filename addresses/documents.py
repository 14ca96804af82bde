"""The CustomerAddress document, as plain dicts (fast)."""
from addresses.models import TEXT_FIELDS
from addresses.services import addresses_of_pk
from shopsite.documents import document
from shopsite.etags import etag_of
from shopsite.prepared import PreparedQuery


def address_document(address, *, with_etag=False):
    """The address; list items (``with_etag``) carry their ETag as ``etag``: the one
    ``etag_of`` gives the document, as the ``ETag`` header of a single address."""
    fields = {name: getattr(address, name) or None for name in TEXT_FIELDS}
    fields.update(
        address_id=address.address_id,
        creation_date=address.creation_date,
        full_name=address.full_name or None,
        last_modified=address.last_modified,
        preferred=address.preferred,
    )
    doc = document("customer_address", fields, address.custom)
    if with_etag:
        doc["etag"] = etag_of(doc)
    return doc


# GET /customers/{id}?expand=addresses is a hot path: its read is prepared once.
ADDRESS_BOOK = PreparedQuery(lambda customer_pk: addresses_of_pk(customer_pk), -7_000_000_001)


def embedded_address_document(address):
    """An item of ``GET /customers/{id}?expand=addresses``: with its ETag."""
    return address_document(address, with_etag=True)
