"""What other apps hold about a customer, for the GDPR export and erasure.

The apps that store personal data of a customer (addresses, payments, orders) register
their parts in ``AppConfig.ready()``, as they register the customer document's
expansions (``customers.documents.EXPANSIONS``): customers depends on none of them.
"""
from typing import Any, Callable

from customers.models import Customer

#: The keys that ``customer_export`` writes itself; no part may take one.
EXPORT_OWN_KEYS = frozenset({"_type", "exported_at", "site_id", "customer", "tokens", "agent_activity"})

#: Export parts: key in the export document -> function(customer) -> JSON-ready data.
#: Run in the export's transaction, in the order registered.
EXPORT_PARTS: dict[str, Callable[[Customer], Any]] = {}

#: Erase parts: name -> function(customer), run in the erasure's transaction (the
#: customer's row locked), in the order registered; it deletes or anonymises what its app
#: holds about the customer, directly (no extension points: nobody may veto an erasure).
ERASE_PARTS: dict[str, Callable[[Customer], None]] = {}
#: Erase parts: name -> what it does, in words for the merchant ("addresses are deleted").
ERASE_DESCRIPTIONS: dict[str, str] = {}


def register_export_part(key: str, export: Callable[[Customer], Any]) -> None:
    """Add ``key`` to every export: ``export(customer)`` gives its data."""
    if key in EXPORT_OWN_KEYS:
        raise ValueError(f"The export writes '{key}' itself.")
    EXPORT_PARTS[key] = export


def register_erase_part(name: str, erase: Callable[[Customer], None], *, description: str) -> None:
    """Run ``erase(customer)`` in every erasure; ``name`` says what it erases, ``description``
    what becomes of it (the admin's confirmation page and log show it)."""
    ERASE_PARTS[name] = erase
    ERASE_DESCRIPTIONS[name] = description
