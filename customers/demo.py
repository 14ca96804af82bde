"""Demo customers: jsmith / 12345!aBcD on SiteGenesis (see the README)."""
from customers.checks import DEMO_CUSTOMER
from customers.models import Customer, lookup_key
from customers.request_documents import validate_login
from customers.services import customer_create
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
        validate_login(data["login"])  # the API's rules (no reserved erased-... login)
        customer = Customer.objects.filter(site=site, login_key=lookup_key(data["login"])).first()
        if customer is None:
            customer_create(site=site, password=DEMO_CUSTOMER[1], **data)
        else:  # back as the README has it, whatever its examples did
            customer.set_password(DEMO_CUSTOMER[1])
            customer.enabled, customer.failed_login_count, customer.locked_until = True, 0, None
            customer.save()
    stdout.write(f"  customers jsmith and jdoe / {DEMO_CUSTOMER[1]} on {site.site_id}")


BULK_LOGIN = "shopper{:07d}"


def seed_bulk(count, stdout, batch_size=5000):
    """``seed_demo --customers N``: N more registered customers (``shopper0000001`` ...),
    bulk-inserted with one precomputed password hash (the demo password), idempotent."""
    from django.contrib.auth.hashers import make_password
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, LPad

    site = default_site()
    existing = set(
        Customer.objects.filter(site=site, login_key__startswith="shopper").values_list("login_key", flat=True)
    )
    wanted = [BULK_LOGIN.format(n) for n in range(1, count + 1)]
    missing = [login for login in wanted if login not in existing]
    password = make_password(DEMO_CUSTOMER[1])
    for start in range(0, len(missing), batch_size):
        chunk = missing[start : start + batch_size]
        Customer.objects.bulk_create(
            [
                Customer(site=site, auth_type=Customer.REGISTERED, login=login, login_key=login,
                         email=f"{login}@example.com", email_key=f"{login}@example.com",
                         last_name="Shopper", first_name=login, password=password)
                for login in chunk
            ],
            batch_size=batch_size,
        )
        done = start + len(chunk)
        stdout.write(f"\r  customers {done:>9,}/{len(missing):,} [{'#' * (30 * done // len(missing)):<30}]", ending="")
    if missing:
        stdout.write("")
    Customer.objects.filter(site=site, customer_no__isnull=True, auth_type=Customer.REGISTERED).update(
        customer_no=LPad(Cast("id", CharField()), 8, Value("0"))
    )
    stdout.write(f"  {len(missing):,} bulk customers added ({count:,} wanted, password {DEMO_CUSTOMER[1]})")
