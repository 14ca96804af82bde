"""The CustomerAddress document, as plain dicts (fast).

What differs between the editions of the documents (``shopsite.versions.DOCUMENT_EDITIONS``:
16.4 for 16.x requests, 20.4 for later ones) is ``EDITION_TEXT_FIELDS``, and nothing else."""
from addresses.models import TEXT_FIELDS
from shopsite.documents import document
from shopsite.etags import etag_of
from shopsite.versions import DOCUMENT_EDITIONS, V16_4, V20_4, ApiVersion

#: The text properties of each edition of the document (and of its request): 20.4 adds ``suite``.
EDITION_TEXT_FIELDS = {
    V16_4: tuple(name for name in TEXT_FIELDS if name != "suite"),
    V20_4: TEXT_FIELDS,
}


def address_document(address, *, with_etag=False, edition: ApiVersion = V16_4):
    """The address in that edition; list items (``with_etag``) carry their ETag as ``etag``: the
    one ``etag_of`` gives the document, as the ``ETag`` header of a single address."""
    fields = {name: getattr(address, name) or None for name in EDITION_TEXT_FIELDS[edition]}
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


def embedded_address_document(address, *, edition: ApiVersion = V16_4):
    """An item of ``GET /customers/{id}?expand=addresses``: with its ETag."""
    return address_document(address, with_etag=True, edition=edition)


def address_etags(address) -> list[str]:
    """The address's ETag in each edition of the document: ``If-Match`` may name any of them (a
    client sends the one its version answered)."""
    return [etag_of(address_document(address, edition=edition)) for edition in DOCUMENT_EDITIONS]
