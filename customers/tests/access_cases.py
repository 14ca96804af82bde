"""The access control every operation under ``/customers/{customer_id}`` shares, written once.

A resource's tests list its operations in a subclass of ``CustomerResourceAccessCases``
(``operations = [Operation(...), ...]``), and pytest runs every case below for each of them,
as NetBox's API test case classes do. A refused request answers its fault and leaves every
row of the database as it was.
"""
import datetime
from dataclasses import dataclass, field
from typing import Callable

import pytest
import time_machine
from django.apps import apps
from django.utils import timezone

from customers.tokens import issue_token
from shopsite.models import ApiClient, OAuthToken
from shopsite.services import api_client_set_enabled
from shopsite.testing import api_url, fault_of

#: Who may call an operation on its own customer: a customer JWT of each kind, or an OAuth
#: token of a trusted server or of an agent.
CALLERS = ("credentials", "guest", "on_behalf", "server", "agent")
FORBIDDEN = (403, "InsufficientPermissionsException")
INVALID_CUSTOMER = {"type": "InvalidCustomerException", "message": "Invalid customer."}
EXPIRED = {"type": "ExpiredTokenException", "message": "The provided token has expired."}


def customer_not_found(customer_id):
    return {"type": "CustomerNotFoundException", "message": f"No customer with id '{customer_id}' found.",
            "arguments": {"customerId": customer_id}}


@dataclass(frozen=True)
class Operation:
    """One operation on a customer, as the shared cases call it.

    ``path`` is what follows ``customers/{customer_id}`` ("" for the customer itself); its
    ``{names}`` are what ``setup(customer)`` created for that customer (``"addresses/{address}"``).
    ``body()`` is a document the customer itself may send. ``own`` is the JWT kind the
    customer's side calls with, ``oauth`` the OAuth caller that acts for any customer of the
    site (None: no OAuth token may). Each caller (``CALLERS``) gets ``succeeds`` on its own
    customer, but for those ``answers`` names: a status, or the (status, fault type) of a
    refusal. An agent's OAuth token is refused unless ``answers`` says otherwise: agents act
    for customers through on-behalf JWTs. ``known_bugs`` maps a caller whose case fails today
    to the reason (a strict xfail: fixing the bug makes it pass, and then fail until removed).
    """

    method: str
    path: str = ""
    body: Callable[[], object] | None = None
    setup: Callable[[object], dict] | None = None
    succeeds: int = 200
    own: str = "credentials"
    oauth: str | None = "server"
    answers: dict = field(default_factory=dict)
    known_bugs: dict = field(default_factory=dict)
    #: The API version of the URL (operations added after 16.4 name theirs).
    version: str = "v16_4"

    def __str__(self):
        return f"{self.method.upper()} customers/{{id}}{'/' if self.path else ''}{self.path}"

    def answer(self, caller):
        return {"agent": FORBIDDEN, **self.answers}.get(caller, self.succeeds)

    def call(self, api, customer_id, params, token=None, site=None, **headers):
        segments = [segment.format(**params) for segment in self.path.split("/") if segment]
        if token is not None:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        data = self.body() if self.body else None
        return getattr(api, self.method)(api_url("customers", customer_id, *segments, site=site, version=self.version),
                                         data, format="json", **headers)


def stored():
    """Every row of every table: what a refused request must leave as it was."""
    return {model._meta.label: list(model._base_manager.order_by("pk").values_list())
            for model in apps.get_models() if not model._meta.proxy}


class CustomerResourceAccessCases:
    """The cases; a subclass named ``Test...`` sets ``operations``."""

    operations = ()

    def pytest_generate_tests(self, metafunc):
        """``operation``: each operation; with ``holder``: each with the JWT kind and the OAuth
        caller it takes; with ``caller``: each with every caller; ``oauth_operation``: those an
        OAuth token may call."""
        names = metafunc.fixturenames
        if "oauth_operation" in names:
            rows = [op for op in self.operations if op.oauth]
            metafunc.parametrize("oauth_operation", rows, ids=[str(op) for op in rows])
        elif "caller" in names:
            metafunc.parametrize("operation, caller", [
                pytest.param(op, caller, id=f"{op}-{caller}", marks=[
                    pytest.mark.xfail(strict=True, reason=op.known_bugs[caller])] if caller in op.known_bugs else [])
                for op in self.operations for caller in CALLERS])
        elif "holder" in names:
            rows = [(op, holder) for op in self.operations for holder in (op.own, op.oauth) if holder]
            metafunc.parametrize("operation, holder", rows, ids=[f"{op}-{holder}" for op, holder in rows])
        elif "operation" in names:
            metafunc.parametrize("operation", self.operations, ids=[str(op) for op in self.operations])

    @pytest.fixture
    def token(self, client_app, agent_user):
        """token(kind, customer, client=None): a raw token of one of ``CALLERS`` (the JWT
        kinds name the customer it is issued for; an on-behalf JWT's agent is ``agent_user``)."""

        def make(kind, customer, client=None):
            client = client or client_app
            if kind in ("server", "agent"):
                return OAuthToken.issue(client, agent=agent_user if kind == "agent" else None)[1]
            return issue_token(customer, client.client_id, kind=kind, agent=agent_user if kind == "on_behalf" else None)

        return make

    @staticmethod
    def params(operation, customer):
        return operation.setup(customer) if operation.setup else {}

    @staticmethod
    def refused(status, fault, operation, api, customer_id, params, token=None, **call):
        """The call answers the fault (its type, or the whole fault) and changes nothing stored."""
        before = stored()
        answered = fault_of(operation.call(api, customer_id, params, token, **call), status,
                            version=operation.version[1:].replace("_", "."))
        assert (answered["type"] if isinstance(fault, str) else answered) == fault
        assert stored() == before, "a refused request changed the database"

    # --- who calls ------------------------------------------------------------------------
    def test_each_caller_on_its_own_customer(self, api, operation, caller, customer, guest, token):
        """The operation's answer to each kind of caller: success, or its refusal."""
        params = self.params(operation, customer)
        own = guest if caller == "guest" else customer
        raw = token(caller, own)
        answer = operation.answer(caller)
        if isinstance(answer, int):
            response = operation.call(api, own.customer_id, params, raw)
            assert response.status_code == answer, response.content[:500]
        else:
            self.refused(*answer, operation, api, own.customer_id, params, raw)

    def test_without_a_token(self, api, operation, customer):
        params = self.params(operation, customer)
        self.refused(401, "InvalidAccessTokenException", operation, api, customer.customer_id, params)

    @pytest.mark.parametrize("raw", ["not-a-token", "not.a.jwt"])  # an unknown OAuth token; a broken JWT
    def test_an_unknown_token(self, api, operation, customer, raw):
        params = self.params(operation, customer)
        self.refused(401, "InvalidAccessTokenException", operation, api, customer.customer_id, params, raw)

    # --- a token out of its scope -----------------------------------------------------------
    def test_a_token_of_another_client(self, api, operation, holder, customer, client_app, token):
        """A token serves the client it was issued to: the request names the demo client."""
        other = ApiClient.objects.create(client_id="b" * 30, name="Another storefront")
        params = self.params(operation, customer)
        raw = token(holder, customer, client=other)
        self.refused(401, "InvalidAccessTokenException", operation, api, customer.customer_id, params, raw,
                     HTTP_X_DW_CLIENT_ID=client_app.client_id)

    def test_a_jwt_of_another_site(self, api, operation, customer, other_site, token):
        """A customer JWT is valid on the site that issued it only."""
        params = self.params(operation, customer)
        raw = token(operation.own, customer)
        self.refused(401, "InvalidAccessTokenException", operation, api, customer.customer_id, params, raw,
                     site=other_site.site_id)

    def test_an_expired_token(self, api, operation, holder, customer, token):
        params = self.params(operation, customer)
        raw = token(holder, customer)
        with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
            self.refused(401, EXPIRED, operation, api, customer.customer_id, params, raw)

    def test_a_revoked_token(self, api, operation, holder, customer, token):
        params = self.params(operation, customer)
        raw = token(holder, customer)
        customer.tokens.update(revoked_at=timezone.now())
        OAuthToken.objects.update(revoked_at=timezone.now())
        self.refused(401, "InvalidAccessTokenException", operation, api, customer.customer_id, params, raw)

    def test_a_token_of_a_disabled_client(self, api, operation, holder, customer, client_app, token):
        params = self.params(operation, customer)
        raw = token(holder, customer)
        api_client_set_enabled(client=client_app, enabled=False)
        self.refused(401, "InvalidAccessTokenException", operation, api, customer.customer_id, params, raw)

    def test_a_jwt_of_a_disabled_customer(self, api, operation, customer, token):
        params = self.params(operation, customer)
        raw = token(operation.own, customer)
        type(customer).objects.filter(pk=customer.pk).update(enabled=False)
        self.refused(401, "InvalidAccessTokenException", operation, api, customer.customer_id, params, raw)

    # --- another customer ---------------------------------------------------------------------
    def test_a_jwt_naming_another_customer(self, api, operation, customer, make_customer, token):
        """A customer JWT names its own customer only (the other's data is there to be seen)."""
        params = self.params(operation, customer)
        raw = token(operation.own, make_customer("intruder"))
        self.refused(400, INVALID_CUSTOMER, operation, api, customer.customer_id, params, raw)

    def test_an_unknown_customer_for_oauth(self, api, oauth_operation, customer, token):
        params = self.params(oauth_operation, customer)
        raw = token(oauth_operation.oauth, None)
        self.refused(404, customer_not_found("nosuchcustomer"), oauth_operation, api, "nosuchcustomer", params, raw)

    def test_a_customer_of_another_site_for_oauth(self, api, oauth_operation, make_customer, other_site, token):
        elsewhere = make_customer("elsewhere", site=other_site)
        params = self.params(oauth_operation, elsewhere)
        raw = token(oauth_operation.oauth, None)
        self.refused(404, customer_not_found(elsewhere.customer_id), oauth_operation, api, elsewhere.customer_id,
                     params, raw)
