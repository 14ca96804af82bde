"""Signals of the plumbing, for the apps: the plumbing never imports an app, it announces.

``api_write_succeeded``: a write (POST, PUT, PATCH, DELETE) of an OCAPI view answered
below 400; sent with ``view``, ``request`` and ``response`` after the view ran (customers
records what agents changed through on-behalf tokens).
"""
from django.dispatch import Signal

api_write_succeeded = Signal()
