"""Writing OCAPI settings: the one way the admin, the command and the shell change them.

- ``ocapi_settings_preview(site=..., text=...)``: what saving would change, client by client;
- ``ocapi_settings_save(site=..., text=..., by=...)``: validate the whole document, store it as
  given, keep the version in the history, and return what changed;
- ``ocapi_settings_remove(site=..., by=...)``: remove a context's document (kept in the history);
- ``ocapi_settings_text(site=...)``: the stored document, as given (``dump``).

``site=None`` is the global document. An invalid document raises ``InvalidOcapiSettings``
(its ``errors`` name where: a JSON path, or a line and column) and changes nothing.
"""
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from shopsite.models import ApiClient, OcapiSettings, OcapiSettingsVersion, Site, context_name
from shopsite.ocapi_settings.document import SettingsError, validate_ocapi_settings
from shopsite.ocapi_settings.operations import served_operations
from shopsite.ocapi_settings.rules import SettingsDocument


class InvalidOcapiSettings(ValueError):
    def __init__(self, errors: tuple[SettingsError, ...]):
        self.errors = tuple(errors)
        super().__init__("; ".join(str(error) for error in self.errors[:10]))


@dataclass(frozen=True)
class ClientChange:
    """What one client may call where the context's document applies, before and after.
    None stands for every operation (no document applies: the compatibility rule)."""

    client_id: str
    registered: bool  # an enabled ApiClient
    before: frozenset[str] | None
    after: frozenset[str] | None

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def _all(self, operations):
        return frozenset(operations) if operations is not None else frozenset(str(op) for op in served_operations())

    @property
    def added(self) -> list[str]:
        return sorted(self._all(self.after) - self._all(self.before), key=_operation_order)

    @property
    def removed(self) -> list[str]:
        return sorted(self._all(self.before) - self._all(self.after), key=_operation_order)


@dataclass(frozen=True)
class NotServed:
    """An entry whose resource_id matches no operation shopsite serves: kept, grants nothing."""

    client_id: str
    path: str
    resource_id: str


@dataclass(frozen=True)
class SettingsChange:
    context: str  # "global", "site SiteGenesis"
    changed: bool
    version: int | None  # the saved version (None: nothing saved)
    clients: tuple[ClientChange, ...]
    not_served: tuple[NotServed, ...]
    document: OcapiSettings | None = None  # the stored document, after a save
    removed: bool = False

    def lines(self) -> list[str]:
        """The change in words, for the command's output, the admin and the history."""
        total = len(served_operations())
        head = f"OCAPI settings, {self.context}"
        if not self.changed:
            lines = [f"{head}: no change."]
        elif self.version is None:
            lines = [f"{head}: preview, nothing saved."]
        else:
            lines = [f"{head}: {'removed' if self.removed else 'saved'} (version {self.version})."]
        for change in self.clients:
            name = change.client_id + ("" if change.registered else " (not an enabled API client)")
            before = _count(change.before, total)
            after = _count(change.after, total)
            if not change.changed:
                lines.append(f"client {name}: unchanged, {after}")
                continue
            lines.append(f"client {name}: {before} -> {after}")
            lines.extend(f"  + {operation}" for operation in change.added)
            lines.extend(f"  - {operation}" for operation in change.removed)
        for entry in self.not_served:
            lines.append(f"not served here (kept, grants nothing): client {entry.client_id}, {entry.path} "
                         f"'{entry.resource_id}'")
        return lines


def _count(operations, total):
    if operations is None:
        return f"every operation ({total} of {total}: no document applies)"
    return f"{len(operations)} of {total} operations"


def _operation_order(text):
    method, _, path = text.partition(" ")
    return path, method


def _granted(document: SettingsDocument | None, fallback: SettingsDocument | None, client_id: str):
    """The operations a client may call where ``document`` applies (``fallback``: the global
    document, for a site's), or None for every operation (neither exists)."""
    if document is None and fallback is None:
        return None
    if document is _INVALID:
        return frozenset()  # an invalid document grants nothing (no fallback to the global one)
    rules = document.clients.get(client_id) if document is not None else None
    if rules is None and fallback is not None:
        if fallback is _INVALID:
            return frozenset()
        rules = fallback.clients.get(client_id)
    if rules is None:
        return frozenset()
    return frozenset(str(operation) for operation in served_operations()
                     if rules.grants(operation.generic_path, operation.method))


#: What a stored document that no longer validates compiles to: it grants no client anything.
_INVALID = SettingsDocument(version="", clients={})


def _compiled(text):
    if text is None:
        return None
    validation = validate_ocapi_settings(text)
    return validation.document or _INVALID


def _change(*, site, before_text, after_text, version, document=None, removed=False) -> SettingsChange:
    before, after = _compiled(before_text), _compiled(after_text)
    fallback = None
    if site is not None:
        stored = OcapiSettings.objects.filter(site__isnull=True).values_list("text", flat=True).first()
        fallback = _compiled(stored)
    registered = set(ApiClient.objects.filter(enabled=True).values_list("client_id", flat=True))
    listed = [*(after.clients if after else {}), *(before.clients if before else {})]
    clients = []
    for client_id in dict.fromkeys([*listed, *sorted(registered)]):
        change = ClientChange(client_id=client_id, registered=client_id in registered,
                              before=_granted(before, fallback, client_id), after=_granted(after, fallback, client_id))
        if client_id in listed or change.changed:
            clients.append(change)
    operations = served_operations()
    not_served = tuple(
        NotServed(client_id=rules.client_id, path=rule.path, resource_id=rule.resource_id)
        for rules in (after.clients.values() if after else ())
        for rule in rules.resources
        if not any(rule.pattern.may_match(operation.generic_path) for operation in operations)
    )
    return SettingsChange(context=context_name(site), changed=before_text != after_text, version=version,
                          clients=tuple(clients), not_served=not_served, document=document, removed=removed)


def _validated(text):
    validation = validate_ocapi_settings(text)
    if not validation.valid:
        raise InvalidOcapiSettings(validation.errors)
    return validation


def _stored(site, *, lock=False):
    documents = OcapiSettings.objects.order_by()  # no join to the site (its ordering): the row can be locked
    documents = documents.filter(site=site) if site is not None else documents.filter(site__isnull=True)
    if lock:
        documents = documents.select_for_update()
    return documents.first()


def ocapi_settings_text(*, site: Site | None) -> str | None:
    """The context's document as it was given, or None."""
    document = _stored(site)
    return document.text if document is not None else None


def ocapi_settings_preview(*, site: Site | None, text: str) -> SettingsChange:
    """What saving ``text`` for the context would change (nothing is saved)."""
    _validated(text)
    return _change(site=site, before_text=ocapi_settings_text(site=site), after_text=text, version=None)


def _next_number(site):
    versions = OcapiSettingsVersion.objects.filter(site=site) if site is not None else \
        OcapiSettingsVersion.objects.filter(site__isnull=True)
    return (versions.aggregate(number=Max("number"))["number"] or 0) + 1


def ocapi_settings_save(*, site: Site | None, text: str, by: str) -> SettingsChange:
    """Validate the whole document and store it as the context's, as given (the same text
    again saves nothing). Every process applies it within seconds (``runtime``)."""
    _validated(text)
    try:
        return _save(site, text, (by or "unknown")[:150])
    except IntegrityError:
        # Another save created the context's document first: apply this one on top of it.
        return _save(site, text, (by or "unknown")[:150])


def _save(site, text, by):
    with transaction.atomic():
        document = _stored(site, lock=True)
        before = document.text if document is not None else None
        if before == text:
            return _change(site=site, before_text=before, after_text=text, version=document.version,
                           document=document)
        number, now = _next_number(site), timezone.now()
        if document is None:
            document = OcapiSettings(site=site)
        document.text, document.version, document.changed_at, document.changed_by = text, number, now, by
        document.save()
        change = _change(site=site, before_text=before, after_text=text, version=number, document=document)
        OcapiSettingsVersion.objects.create(site=site, number=number, text=text, saved_at=now, saved_by=by,
                                            summary="\n".join(change.lines()[1:]))
        return change


def ocapi_settings_remove(*, site: Site | None, by: str) -> SettingsChange:
    """Remove the context's document (its removal is a version of the history). Without any
    document, every registered client may call every operation again."""
    by = (by or "unknown")[:150]
    with transaction.atomic():
        document = _stored(site, lock=True)
        if document is None:
            return _change(site=site, before_text=None, after_text=None, version=None)
        number = _next_number(site)
        change = _change(site=site, before_text=document.text, after_text=None, version=number, removed=True)
        document.delete()
        OcapiSettingsVersion.objects.create(site=site, number=number, text="", removed=True,
                                            saved_at=timezone.now(), saved_by=by,
                                            summary="\n".join(change.lines()[1:]))
        return change
