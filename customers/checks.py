"""The demo customers in the system check that refuses demo credentials outside DEBUG."""
from customers.models import Customer
from shopsite.checks import DEMO_CREDENTIAL_FINDERS, DEMO_CUSTOMER, DEMO_CUSTOMER_LOGINS


def demo_customers() -> list[str]:
    return [
        f"customer {customer.login} with the demo password"
        for customer in Customer.objects.filter(login_key__in=DEMO_CUSTOMER_LOGINS)
        if customer.check_password(DEMO_CUSTOMER[1])
    ]


DEMO_CREDENTIAL_FINDERS.append(demo_customers)
