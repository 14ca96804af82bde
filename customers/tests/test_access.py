"""Access control of the customer's own operations: the shared cases (access_cases.py) for
GET and PATCH /customers/{id}, the password change and reset, and on-behalf tokens."""
from customers.tests.access_cases import FORBIDDEN, CustomerResourceAccessCases, Operation


class TestCustomerAccess(CustomerResourceAccessCases):
    operations = [
        Operation("get"),
        Operation("patch", body=lambda: {"first_name": "Changed"}),
        # A customer JWT only, an on-behalf one included (it needs the current password);
        # a guest has no password to change.
        Operation("put", "password", body=lambda: {"current_password": "12345!aBcD", "password": "N3w-passw0rd!"},
                  succeeds=204, oauth=None,
                  answers={"guest": (400, "InvalidCustomerException"), "server": (401, "InvalidAccessTokenException")}),
        Operation("post", "password_reset", succeeds=204, answers={"guest": (400, "InvalidCustomerException")}),
        # On-behalf tokens: an agent's OAuth token obtains one, an on-behalf JWT renews itself.
        Operation("post", "auth", own="on_behalf", oauth="agent",
                  answers={"credentials": FORBIDDEN, "guest": FORBIDDEN, "server": FORBIDDEN, "agent": 200}),
    ]
