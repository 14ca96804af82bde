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
                  answers={"guest": (400, "HookStatusException"), "server": (401, "InvalidAccessTokenException")},
                  known_bugs={"guest": "customer_change_password checks a guest's (unusable) current password under "
                                       "the lockout: the refusal counts a failed login on the guest, and six lock it "
                                       "(its storefront session then gets no token); a password set by staff and a "
                                       "reset refuse a guest at once (InvalidCustomerException)"}),
        Operation("post", "password_reset", succeeds=204, answers={"guest": (400, "InvalidCustomerException")}),
        # On-behalf tokens: an agent's OAuth token obtains one, an on-behalf JWT renews itself.
        Operation("post", "auth", own="on_behalf", oauth="agent",
                  answers={"credentials": FORBIDDEN, "guest": FORBIDDEN, "server": FORBIDDEN, "agent": 200}),
    ]
