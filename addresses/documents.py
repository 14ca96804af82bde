"""The CustomerAddress document, as plain dicts (fast)."""
from addresses.models import TEXT_FIELDS
from shopsite.documents import document
from shopsite.etags import etag_of


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


def embedded_address_document(address):
    """An item of ``GET /customers/{id}?expand=addresses``: with its ETag."""
    return address_document(address, with_etag=True)
