"""Fixtures of the address book tests."""
import sqlite3

import pytest
from django.db import connection

from addresses.models import CustomerAddress


@pytest.fixture
def make_address():
    """make_address(customer, "home", **fields): a stored address, straight to the database."""

    def make(customer, address_id, **fields):
        fields.setdefault("first_name", "John")
        fields.setdefault("last_name", "Smith")
        return CustomerAddress.objects.create(customer=customer, address_id=address_id, **fields)

    return make


@pytest.fixture
def database_for_threads(transactional_db, tmp_path):
    """A database that concurrent requests share the way server processes do.

    Writers must wait for each other (row locks on PostgreSQL, one writer at a time on
    SQLite). SQLite's in-memory test database (shared cache) makes a second writer fail
    at once with "database table is locked" instead, so on SQLite the test runs on a
    file-backed copy, as a deployed SQLite is. Request it before any fixture that writes.
    """
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    settings_dict = connection.settings_dict  # shared by every thread's connection
    memory_name, path = settings_dict["NAME"], str(tmp_path / "threads.sqlite3")
    connection.ensure_connection()
    memory = connection.connection  # kept open: closing it would drop the in-memory database
    copy = sqlite3.connect(path)
    memory.backup(copy)
    copy.close()
    settings_dict["NAME"] = path
    connection.connection = None  # the next query connects to the file
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = memory_name
        connection.connection = memory
