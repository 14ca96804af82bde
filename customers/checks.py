"""The demo customers in the system check that refuses demo credentials outside DEBUG.

Importable before Django is set up (the fuzz runner reads the demo credentials from here).
"""
from shopsite.checks import DEMO_CREDENTIAL_FINDERS

#: The demo customers (customers.demo) and their obviously fake password.
DEMO_CUSTOMER = ("jsmith", "12345!aBcD")
DEMO_CUSTOMER_LOGINS = ("jsmith", "jdoe")


def demo_customers() -> list[str]:
    from customers.models import Customer

    return [
        f"customer {customer.login} with the demo password"
        for customer in Customer.objects.filter(login_key__in=DEMO_CUSTOMER_LOGINS)
        if customer.check_password(DEMO_CUSTOMER[1])
    ]


DEMO_CREDENTIAL_FINDERS.append(demo_customers)
