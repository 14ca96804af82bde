"""Customer business rules, callable from the API views, the admin and the shell alike.

Writes run in one transaction with their extension points, so an error Status from a
receiver leaves nothing behind. Keyword-only ``<entity>_<action>`` functions, one module
per concern; ``from customers import services; services.customer_register(...)`` reaches
each of them. Reads are in ``customers.selectors``.
"""
from customers.services.account import (
    customer_lock,
    customer_log_out_everywhere,
    customer_set_enabled,
    customer_unlock,
)
from customers.services.auth import (
    auth_login,
    auth_on_behalf,
    auth_token_issue,
    auth_token_revoke,
    auth_trusted_system,
)
from customers.services.gdpr import customer_erase, customer_export
from customers.services.housekeeping import customers_purge_expired
from customers.services.login import customer_check_credentials, customer_record_login, customer_verify_password
from customers.services.passwords import (
    PUT_PASSWORD,
    IssuedResetToken,
    customer_change_password,
    customer_set_password,
    password_reset_complete,
    password_reset_for_customer,
    password_reset_start,
    password_reset_token_create,
    password_reset_token_issue,
)
from customers.services.profile import customer_create, customer_register, customer_update, guest_create

__all__ = [
    "PUT_PASSWORD",
    "IssuedResetToken",
    "auth_login",
    "auth_on_behalf",
    "auth_token_issue",
    "auth_token_revoke",
    "auth_trusted_system",
    "customer_change_password",
    "customer_check_credentials",
    "customer_create",
    "customer_erase",
    "customer_export",
    "customer_lock",
    "customer_log_out_everywhere",
    "customer_record_login",
    "customer_register",
    "customer_set_enabled",
    "customer_set_password",
    "customer_unlock",
    "customer_update",
    "customer_verify_password",
    "customers_purge_expired",
    "guest_create",
    "password_reset_complete",
    "password_reset_for_customer",
    "password_reset_start",
    "password_reset_token_create",
    "password_reset_token_issue",
]
