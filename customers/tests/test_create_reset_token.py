"""POST /customers/password/actions/create_reset_token (18.1): a reset token for a trusted server."""
import contextlib
import datetime
import logging

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from customers import services
from customers.models import Customer, PasswordResetToken
from customers.signals import customer_password_reset_after_post, customers_password_reset_after_post
from shopsite import testing
from shopsite.models import token_digest
from shopsite.testing import api_url, connected, hook_fault

pytestmark = pytest.mark.django_db
#: The operation exists from its version on (shopsite.versions.INTRODUCED); the tests call it at 20.4.
VERSION = "v20_4"


def fault_of(response, status=None):
    return testing.fault_of(response, status, version="20.4")


URL = api_url("customers", "password", "actions", "create_reset_token", version=VERSION)
RESET = api_url("customers", "password", "actions", "reset", version=VERSION)


def create_token(api, login="jsmith", url=URL, **extra):
    return api.post(url, {"login": login}, format="json", **extra)


def test_a_trusted_server_gets_a_token_the_reset_operation_takes(as_server, api, customer, jwt_for, settings):
    old_jwt = jwt_for(customer)
    response = create_token(as_server)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body == {"_v": "20.4", "_type": "reset_password_token_result", "email": "jsmith@example.com",
                    "expires_in_minutes": settings.SHOPSITE_RESET_TOKEN_MINUTES, "login": "jsmith",
                    "reset_token": body["reset_token"]}
    assert len(body["reset_token"]) >= 40
    assert response["Cache-Control"] == "no-cache,no-store,must-revalidate"
    stored = PasswordResetToken.objects.get()
    assert stored.token_hash == token_digest(body["reset_token"]) and stored.customer == customer
    assert body["reset_token"] not in stored.token_hash

    api.credentials()
    done = api.post(RESET, {"reset_token": body["reset_token"], "new_password": "Br4nd-new-pass", "login": "jsmith"},
                    format="json")
    assert done.status_code == 204
    customer.refresh_from_db()
    assert customer.check_password("Br4nd-new-pass")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {old_jwt}")
    assert api.get(api_url("customers", customer.customer_id)).status_code == 401  # a reset ends every token


def test_the_token_expires_after_the_configured_minutes(as_server, api, customer, settings):
    settings.SHOPSITE_RESET_TOKEN_MINUTES = 5
    body = create_token(as_server).json()
    assert body["expires_in_minutes"] == 5
    api.credentials()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5, seconds=1)):
        late = api.post(RESET, {"reset_token": body["reset_token"], "new_password": "Br4nd-new-pass"}, format="json")
    assert fault_of(late, 400)["type"] == "InvalidResetTokenException"


def test_no_hook_runs_and_no_email_is_sent(as_server, customer):
    with connected(customers_password_reset_after_post, hook_fault()) as by_login, \
            connected(customer_password_reset_after_post, hook_fault()) as by_id:
        assert create_token(as_server).status_code == 200
    assert by_login.calls == by_id.calls == []
    assert mail.outbox == []


def test_the_login_compares_as_logins_do_and_the_answer_names_the_stored_one(as_server, customer):
    assert create_token(as_server, login="JSMITH").json()["login"] == "jsmith"


def test_a_customer_without_email_gets_a_token_and_no_email_property(as_server, make_customer):
    make_customer(login="noemail", email="")
    body = create_token(as_server, login="noemail").json()
    assert "email" not in body and body["login"] == "noemail"


def test_an_unknown_login_is_a_400_customer_not_found(as_server, customer, guest):
    assert fault_of(create_token(as_server, login="nobody"), 400) == {
        "type": "CustomerNotFoundException",
        "message": "No customer with login 'nobody' found.",
        "arguments": {"login": "nobody"},
    }
    # a guest has no login; another site's customer is not this site's
    assert fault_of(create_token(as_server, login=guest.customer_id), 400)["type"] == "CustomerNotFoundException"
    assert not PasswordResetToken.objects.exists()


def test_another_sites_customer_is_not_found(as_server, make_customer, other_site):
    make_customer(login="elsewhere", site=other_site)
    assert fault_of(create_token(as_server, login="elsewhere"), 400)["type"] == "CustomerNotFoundException"
    assert create_token(as_server, login="elsewhere",
                        url=api_url("customers", "password", "actions", "create_reset_token", version=VERSION,
                                    site="OtherSite")).status_code == 200


def test_a_disabled_customer_gets_no_token(as_server, customer):
    Customer.objects.filter(pk=customer.pk).update(enabled=False)
    assert fault_of(create_token(as_server), 400) == {"type": "InvalidCustomerException",
                                                      "message": "The customer is disabled."}
    assert not PasswordResetToken.objects.exists()


def test_a_locked_customer_gets_a_token_and_the_reset_unlocks(as_server, api, customer):
    Customer.objects.filter(pk=customer.pk).update(failed_login_count=6,
                                                   locked_until=timezone.now() + datetime.timedelta(minutes=20))
    token = create_token(as_server).json()["reset_token"]
    api.credentials()
    assert api.post(RESET, {"reset_token": token, "new_password": "Br4nd-new-pass"}, format="json").status_code == 204
    customer.refresh_from_db()
    assert (customer.failed_login_count, customer.locked_until) == (0, None)


@pytest.mark.parametrize("body,fault", [
    ({}, "MissingLoginException"),
    ({"login": ""}, "MissingLoginException"),
    ({"login": "   "}, "MissingLoginException"),
    ({"login": None}, "MissingLoginException"),
    ({"login": 12}, "PropertyConstraintViolationException"),
    ({"login": "x" * 257}, "PropertyConstraintViolationException"),
])
def test_a_bad_document(as_server, customer, body, fault):
    assert fault_of(as_server.post(URL, body, format="json"), 400)["type"] == fault


def test_a_customer_jwt_is_refused(as_customer, customer):
    assert fault_of(create_token(as_customer), 401)["type"] == "InvalidAccessTokenException"
    assert not PasswordResetToken.objects.exists()


def test_an_agents_token_is_refused(api, agent_token, customer):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {agent_token}")
    assert fault_of(create_token(api), 403)["type"] == "InsufficientPermissionsException"


def test_a_client_id_alone_is_refused(api, client_app, customer):
    """The swagger also lists the client id as security: that would hand anyone a reset token for
    any login (an account takeover), so shopsite asks for a trusted server's token."""
    response = create_token(api, url=f"{URL}?client_id={client_app.client_id}")
    assert fault_of(response, 401)["type"] == "InvalidAccessTokenException"
    assert not PasswordResetToken.objects.exists()


@pytest.mark.parametrize("path", ["/dw/shop/v20_4/Customers/Password/Actions/Create_Reset_Token",
                                  "/S/SiteGenesis/DW/SHOP/v20_4/CUSTOMERS/PASSWORD/ACTIONS/CREATE_RESET_TOKEN"])
def test_resource_names_are_case_insensitive(as_server, customer, path):
    assert create_token(as_server, url=path).status_code == 200


@contextlib.contextmanager
def every_log_record():
    """Every record any logger makes in the block, at every level (propagating or not)."""
    records = []

    class Recorder(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Recorder(level=logging.DEBUG)
    loggers = [logging.getLogger(), *(logger for logger in logging.Logger.manager.loggerDict.values()
                                      if isinstance(logger, logging.Logger))]
    levels = {logger: logger.level for logger in loggers}
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
    try:
        yield records
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
            logger.setLevel(levels[logger])


def test_the_token_is_in_no_log_record(as_server, api, customer):
    with every_log_record() as records, CaptureQueriesContext(connection):  # SQL is logged too
        response = create_token(as_server)
        token = response.json()["reset_token"]
        api.credentials()
        assert api.post(RESET, {"reset_token": token, "new_password": "Br4nd-new-pass"}, format="json").status_code \
            == 204
    texts = [f"{record.name} {record.getMessage()} {record.args!r} {vars(record)!r}" for record in records]
    assert any(record.name == "shopsite.requests" for record in records)  # the request log was captured
    assert any(record.name == "django.db.backends" for record in records)  # and the SQL
    assert not [text for text in texts if token in text]


def test_the_issued_token_never_prints(customer, site):
    issued = services.password_reset_token_issue(site=site, login="jsmith")
    assert issued.reset_token not in repr(issued) and issued.reset_token not in str(issued)
    assert issued.customer == customer


def test_from_the_shell(customer, site, settings):
    issued = services.password_reset_token_issue(site=site, login="jsmith")
    assert issued.expires_in_minutes == settings.SHOPSITE_RESET_TOKEN_MINUTES
    services.password_reset_complete(site=site, reset_token=issued.reset_token, new_password="Br4nd-new-pass")
    customer.refresh_from_db()
    assert customer.check_password("Br4nd-new-pass")
