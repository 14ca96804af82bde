"""Demo customers: jsmith / 12345!aBcD on SiteGenesis (see the README)."""
from customers.models import Customer
from shopsite.checks import DEMO_CUSTOMER
from shopsite.models import default_site

DEMO_CUSTOMERS = [
    {"login": DEMO_CUSTOMER[0], "email": "jsmith@example.com", "first_name": "John", "last_name": "Smith",
     "gender": 1, "phone_home": "123450003", "custom": {"c_origin": "webshop"}},
    {"login": "jdoe", "email": "jdoe@example.com", "first_name": "Jane", "last_name": "Doe", "gender": 2,
     "custom": {}},
]


def seed(stdout):
    site = default_site()
    for data in DEMO_CUSTOMERS:
        customer = Customer.objects.filter(site=site, login_key=data["login"].casefold()).first()
        if customer is None:
            customer = Customer(site=site, auth_type=Customer.REGISTERED, **data)
            customer.save()
            customer.customer_no = f"{customer.pk:08d}"
        customer.set_password(DEMO_CUSTOMER[1])
        customer.enabled, customer.failed_login_count, customer.locked_until = True, 0, None
        customer.save()
    stdout.write(f"  customers jsmith and jdoe / {DEMO_CUSTOMER[1]} on {site.site_id}")
