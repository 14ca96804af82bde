"""Strong ETags of documents and the If-Match precondition."""
import hashlib
import json

from shopsite import faults

# Properties that change without the resource changing (and the ETag carried in lists).
VOLATILE = {"_v", "etag", "last_modified", "last_visit_time", "previous_visit_time", "last_login_time",
            "previous_login_time"}


def etag_of(document):
    """Hex sha256 of the document's canonical JSON, emitted bare as in the spec's samples."""
    stable = {key: value for key, value in document.items() if key not in VOLATILE}
    canonical = json.dumps(stable, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def check_if_match(if_match: str | None, current_etag: str, *also: str) -> None:
    """412 InvalidIfMatchException when ``if_match`` (the If-Match header as sent, or None)
    names another version than ``current_etag`` (or the ETags ``also``: the resource's in the
    other editions of its document, shopsite.versions.DOCUMENT_EDITIONS).

    Services call it with the row locked (select_for_update), so the check and the write
    agree; views only pass the header on (``request.headers.get("If-Match")``).
    """
    if if_match is None or not if_match.strip():
        return
    # If-Match compares strongly: a weak tag (W/"...") never matches.
    candidates = [value.strip().strip('"') for value in if_match.split(",") if not value.strip().startswith("W/")]
    if "*" in candidates or current_etag in candidates or any(etag in candidates for etag in also):
        return
    raise faults.InvalidIfMatchException()
