"""The customer back office: list, search, change page, set password, actions, agents."""
import csv
import datetime
import io
import json

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import is_password_usable
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from customers import signals
from customers.agents import AGENT_GROUP, agent_group
from customers.models import AgentActivity, Customer, CustomerToken
from customers.tests.conftest import FULL_CARD_NUMBER
from orders.models import Order
from shopsite.testing import api_url, connected

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/customers/customer/"


def change_url(customer):
    return reverse("admin:customers_customer_change", args=[customer.pk])


def action_url(customer, action):
    return reverse("admin:customers_customer_action", args=[customer.pk, action])


def listed(response):
    assert response.status_code == 200, response.content[:300]
    return [customer.login for customer in response.context["cl"].result_list]


def run_action(client, action, *customers, **extra):
    return client.post(LIST_URL, {"action": action, "_selected_action": [c.pk for c in customers], **extra})


def log_messages(customer):
    return list(LogEntry.objects.filter(object_id=str(customer.pk), content_type__model="customer")
                .order_by("id").values_list("change_message", flat=True))


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


# --- the list -----------------------------------------------------------------------------


@pytest.fixture
def people(make_customer):
    return {
        "jsmith": make_customer(login="jsmith", email="John.Smith@Example.com", first_name="John", last_name="Smith",
                                phone_mobile="+1 555 0100"),
        "asmith": make_customer(login="asmith", email="anna@example.org", first_name="Anna", last_name="smith"),
        "jdoe": make_customer(login="jdoe", email="jdoe@example.com", first_name="John", last_name="Doe"),
        "blacksmith": make_customer(login="blacksmith", email="smith@example.net", last_name="Blacksmith"),
    }


@pytest.mark.parametrize("term, found", [
    ("john.smith@", ["jsmith"]),                  # the beginning of an email, any case
    ("JOHN.SMITH@EXAMPLE.COM", ["jsmith"]),
    ("smith", ["asmith", "blacksmith", "jsmith"]),  # a last name, any case; the beginning of a login or email
    ("JS", ["jsmith"]),
    ("John Smith", ["jsmith"]),                   # every word must match
    ("+1 555 0100", ["jsmith"]),                  # or the whole term (a phone number with spaces)
    ('"+1 555 0100"', ["jsmith"]),
    ("mith", []),                                 # not the middle of a word: every branch uses an index
    ("nobody", []),
])
def test_search(admin_client, people, term, found):
    assert sorted(listed(admin_client.get(LIST_URL, {"q": term}))) == found


def test_search_by_customer_number_with_or_without_zeros(admin_client, people):
    number = people["jdoe"].customer_no
    assert listed(admin_client.get(LIST_URL, {"q": number})) == ["jdoe"]
    assert listed(admin_client.get(LIST_URL, {"q": number.lstrip("0")})) == ["jdoe"]
    assert listed(admin_client.get(LIST_URL, {"q": people["jdoe"].customer_id})) == ["jdoe"]


def test_list_columns_filters_and_date_hierarchy(admin_client, people):
    people["jdoe"].locked_until = timezone.now() + datetime.timedelta(minutes=5)
    people["jdoe"].last_login_time = timezone.now()
    people["jdoe"].save()
    people["asmith"].enabled = False
    people["asmith"].save()

    response = admin_client.get(LIST_URL)
    page = response.content.decode()
    for header in ("customer no", "login", "email", "name", "site", "enabled", "locked", "last login", "created"):
        assert f">{header}<" in page.lower() or f">{header}</a>" in page.lower(), header
    assert response.context["cl"].date_hierarchy == "creation_date"
    assert "Smith, John" in page and "John.Smith@Example.com" in page and "SiteGenesis" in page
    assert page.count("until ") == 1 and page.count(">never<") == 3
    assert listed(admin_client.get(LIST_URL, {"locked": "yes"})) == ["jdoe"]
    assert "jdoe" not in listed(admin_client.get(LIST_URL, {"locked": "no"}))
    assert listed(admin_client.get(LIST_URL, {"enabled__exact": "0"})) == ["asmith"]
    assert listed(admin_client.get(LIST_URL, {"last_login_time__isnull": "False"})) == ["jdoe"]
    assert set(listed(admin_client.get(LIST_URL, {"site__id__exact": people["jdoe"].site_id}))) == set(people)


def test_a_page_of_100_costs_the_same_queries_as_a_page_of_10(admin_client, site, other_site):
    now = timezone.now()

    def add(count):
        start = Customer.objects.count()
        Customer.objects.bulk_create([
            Customer(site=site if n % 2 else other_site, auth_type=Customer.REGISTERED, login=f"c{n}",
                     login_key=f"c{n}", email=f"c{n}@example.com", email_key=f"c{n}@example.com",
                     customer_no=f"{n:08d}", last_name="Many", last_login_time=now if n % 3 else None,
                     locked_until=now + datetime.timedelta(minutes=5) if n % 5 == 0 else None)
            for n in range(start, start + count)
        ])

    def queries_of_the_list(rows):
        with CaptureQueriesContext(connection) as queries:
            assert len(listed(admin_client.get(LIST_URL, {"q": "Many"}))) == rows
        return len(queries)

    add(10)
    ten = queries_of_the_list(10)
    add(90)
    assert queries_of_the_list(100) == ten <= 10


@pytest.mark.skipif(connection.vendor != "postgresql", reason="index use is checked with PostgreSQL's planner")
def test_every_branch_of_the_search_uses_an_index(people):
    """With sequential (and plain index) scans priced out, the planner must still find a
    bitmap of indexes for every branch: a branch without an index would force a Seq Scan."""
    customer_admin = admin.site._registry[Customer]
    for term in ("smith", "John Smith", "00000001", "+1 555 0100", "john.smith@example.com"):
        queryset, _ = customer_admin.get_search_results(None, Customer.objects.all(), term)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
        plan = queryset.order_by().explain()
        assert "Seq Scan" not in plan and "Bitmap Index Scan" in plan, plan


def test_the_shares_its_email_filter(admin_client, make_customer, other_site, guest):
    """A second registration with a victim's email stops resets by email for both: the list shows the two."""
    make_customer("victim", email="Victim@Example.com")
    make_customer("squatter", email="victim@example.COM")  # the same email, as emails compare
    make_customer("loner", email="loner@example.com")
    make_customer("elsewhere", email="victim@example.com", site=other_site)  # another site's customer
    Customer.objects.filter(pk=guest.pk).update(email="victim@example.com", email_key="victim@example.com")
    make_customer("blank1", email="")
    make_customer("blank2", email="")  # no email is no shared email

    page = admin_client.get(LIST_URL).content.decode()
    assert "shares its email" in page and "?shared_email=yes" in page
    assert sorted(listed(admin_client.get(LIST_URL, {"shared_email": "yes"}))) == ["squatter", "victim"]
    # A disabled squatter stops no reset (the rule counts enabled customers): the victim is
    # no longer listed, the disabled squatter still is (an enabled customer shares its email).
    Customer.objects.filter(login="squatter").update(enabled=False)
    assert listed(admin_client.get(LIST_URL, {"shared_email": "yes"})) == ["squatter"]


def test_the_shares_its_email_filter_costs_the_same_queries_however_many_match(admin_client, make_customer):
    def queries_of_the_list(rows):
        with CaptureQueriesContext(connection) as queries:
            assert len(listed(admin_client.get(LIST_URL, {"shared_email": "yes"}))) == rows
        return [query["sql"] for query in queries]

    for n in range(2):
        make_customer(f"a{n}", email=f"same{n}@example.com")
        make_customer(f"b{n}", email=f"SAME{n}@example.com")
    few = queries_of_the_list(4)
    for n in range(2, 20):
        make_customer(f"a{n}", email=f"same{n}@example.com")
        make_customer(f"b{n}", email=f"SAME{n}@example.com")
    more = queries_of_the_list(40)
    assert len(more) == len(few)
    assert any("EXISTS" in sql for sql in more)  # a subquery, not a query per customer


@pytest.mark.skipif(connection.vendor != "postgresql", reason="index use is checked with PostgreSQL's planner")
def test_the_shares_its_email_filter_uses_the_email_index(site):
    """With joins that read the whole table priced out, each customer's match is one probe
    of an email_key index."""
    from customers.admin.filters import SharedEmailFilter

    Customer.objects.bulk_create([
        Customer(site=site, auth_type=Customer.REGISTERED, login=f"c{n}", login_key=f"c{n}",
                 email=f"c{n}@example.com", email_key=f"c{n}@example.com", last_name="Many")
        for n in range(2000)
    ])
    shared = SharedEmailFilter(None, {"shared_email": ["yes"]}, Customer, admin.site._registry[Customer])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE customers_customer")
        for setting in ("enable_seqscan", "enable_hashjoin", "enable_mergejoin"):
            cursor.execute(f"SET LOCAL {setting} = off")
    plan = shared.queryset(None, Customer.objects.all()).order_by().explain()
    assert "Seq Scan" not in plan, plan
    assert any("Index Cond" in line and "email_key" in line for line in plan.splitlines()), plan


# --- the change page ---------------------------------------------------------------------------


def test_change_page_shows_everything_but_secrets(admin_client, full_customer, agent_user, jwt_for):
    jwt_for(full_customer, kind=CustomerToken.ON_BEHALF, agent=agent_user)
    full_customer.refresh_from_db()
    response = admin_client.get(change_url(full_customer))
    page = response.content.decode()

    assert response.status_code == 200
    assert full_customer.password not in page and "md5$" not in page  # never the hash
    assert "set — " in page and reverse("admin:customers_customer_password", args=[full_customer.pk]) in page
    form = response.context["adminform"].form
    for read_only in ("customer_id", "customer_no", "creation_date", "last_modified", "failed_login_count"):
        assert read_only not in form.fields, read_only
    assert full_customer.customer_id in page and full_customer.customer_no in page
    assert [name for name, _ in response.context["adminform"].fieldsets if name][:3] == ["Profile", "Access", "Dates"]
    assert "************1111" in page and FULL_CARD_NUMBER not in page  # the masked card, never the number
    assert 'value="home"' in page and 'value="work"' in page  # the address book inline
    assert ">on_behalf<" in page and ">agent<" in page  # the token inline names the agent
    order = Order.objects.get()
    assert reverse("admin:orders_order_change", args=[order.pk]) in page
    assert f"/admin/orders/order/?customer__id__exact={full_customer.pk}" in page
    assert "No agent has changed anything" in page


def test_the_change_page_costs_the_same_queries_however_much_the_customer_has(admin_client, full_customer,
                                                                            agent_user, jwt_for):
    from orders.services import order_create

    def queries_of_the_page():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(change_url(full_customer)).status_code == 200
        return len(queries)

    queries_of_the_page()  # warm caches (content types, permissions)
    before = queries_of_the_page()
    for number in range(8):
        jwt_for(full_customer, kind=CustomerToken.ON_BEHALF, agent=agent_user)
        AgentActivity.objects.create(customer=full_customer, agent=agent_user, agent_username="agent",
                                     client_id="c", method="PATCH", path=f"/{number}", status=200)
        order_create(customer=full_customer, items=[{"product_id": f"P{number}", "base_price": "1.00"}])
    assert queries_of_the_page() == before


def test_the_orders_link_lists_the_customers_orders(admin_client, full_customer, make_customer):
    from orders.services import order_create

    order_create(customer=make_customer(login="other"), items=[{"product_id": "X", "base_price": "1.00"}])
    response = admin_client.get(f"/admin/orders/order/?customer__id__exact={full_customer.pk}")
    assert [order.customer_id for order in response.context["cl"].result_list] == [full_customer.pk]


def test_buttons_of_the_change_page(admin_client, customer):
    customer.locked_until = timezone.now() + datetime.timedelta(minutes=5)
    customer.save()
    tools = [tool["name"] for tool in admin_client.get(change_url(customer)).context["customer_tools"]]
    assert tools == ["set_password", "unlock", "disable", "send_password_reset", "log_out_everywhere",
                     "export_json", "erase"]


def test_add_page_creates_a_customer_without_password(admin_client, site):
    from shopsite.testing import admin_form_data

    page = admin_client.get("/admin/customers/customer/add/")
    assert "password" not in page.context["adminform"].form.fields
    response = admin_client.post("/admin/customers/customer/add/", admin_form_data(
        page, site=site.pk, login="new-one", email="n@example.com", last_name="New"))
    assert response.status_code == 302
    created = Customer.objects.get(login="new-one")
    assert created.auth_type == Customer.REGISTERED and created.customer_no
    assert not is_password_usable(created.password)


@pytest.mark.parametrize("login", ["erased-new", "Erased-New"])
def test_add_page_refuses_the_logins_of_erased_customers(admin_client, site, login):
    from shopsite.testing import admin_form_data

    page = admin_client.get("/admin/customers/customer/add/")
    response = admin_client.post("/admin/customers/customer/add/", admin_form_data(
        page, site=site.pk, login=login, email="n@example.com", last_name="New"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["login"] == ["The login doesn't match the acceptance criteria."]
    assert not Customer.objects.exists()


def test_an_erased_customer_can_be_saved_with_its_login(admin_client, customer):
    from customers.services import customer_erase
    from shopsite.testing import admin_form_data

    customer_erase(customer=customer)
    data = admin_form_data(admin_client.get(change_url(customer)), last_name="Still erased")
    assert admin_client.post(change_url(customer), data).status_code == 302
    assert Customer.objects.get(pk=customer.pk).login == f"erased-{customer.customer_id}"


def test_the_login_of_a_customer_cannot_become_an_erased_one(admin_client, customer):
    from shopsite.testing import admin_form_data

    data = admin_form_data(admin_client.get(change_url(customer)), login=f"erased-{customer.customer_id}")
    assert admin_client.post(change_url(customer), data).status_code == 200
    assert Customer.objects.get(pk=customer.pk).login == "jsmith"


# --- set password ---------------------------------------------------------------------------


def password_url(customer):
    return reverse("admin:customers_customer_password", args=[customer.pk])


@pytest.mark.parametrize("password, again, error", [
    ("12345678", "12345678", "entirely numeric"),
    ("short1!", "short1!", "too short"),
    ("password", "password", "too common"),
    ("a-Good-passw0rd", "another-passw0rd", "The two passwords differ."),
])
def test_set_password_applies_the_policy(admin_client, customer, password, again, error):
    before = customer.password
    response = admin_client.post(password_url(customer), {"password1": password, "password2": again})
    assert response.status_code == 200 and error in response.content.decode()
    customer.refresh_from_db()
    assert customer.password == before


def test_set_password_ends_every_login_and_is_logged(admin_client, customer, jwt_for, api):
    token = jwt_for(customer)
    Customer.objects.filter(pk=customer.pk).update(failed_login_count=6,
                                                   locked_until=timezone.now() + datetime.timedelta(minutes=9))
    page = admin_client.get(password_url(customer))
    assert page.status_code == 200 and "at least 8 characters" in page.content.decode()

    response = admin_client.post(password_url(customer),
                                 {"password1": "a-Good-passw0rd", "password2": "a-Good-passw0rd"})

    assert response.status_code == 302 and response["Location"] == change_url(customer)
    customer.refresh_from_db()
    assert customer.check_password("a-Good-passw0rd") and not customer.is_locked
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get(api_url("customers", customer.customer_id)).status_code == 401
    assert log_messages(customer) == ["Set the password (tokens, sessions and reset links ended)."]
    assert "a-Good-passw0rd" not in "".join(LogEntry.objects.values_list("change_message", flat=True))


def test_guests_have_no_password_to_set(admin_client, guest):
    response = admin_client.get(password_url(guest), follow=True)
    assert "A guest customer has no login" in shown_messages(response)[0]


def test_set_password_needs_the_change_permission(staff_client, customer):
    client = staff_client("customers.view_customer")
    assert client.get(password_url(customer)).status_code == 403


# --- actions on a selection -------------------------------------------------------------------


def test_disable_and_enable(admin_client, customer, jwt_for):
    jwt_for(customer)
    run_action(admin_client, "disable", customer)
    customer.refresh_from_db()
    assert not customer.enabled and not customer.tokens.filter(revoked_at__isnull=True).exists()
    run_action(admin_client, "enable", customer)
    customer.refresh_from_db()
    assert customer.enabled
    assert log_messages(customer) == ["Disabled (tokens and reset links revoked).", "Enabled."]


def test_unlock_is_logged(admin_client, customer):
    Customer.objects.filter(pk=customer.pk).update(failed_login_count=6,
                                                   locked_until=timezone.now() + datetime.timedelta(minutes=9))
    run_action(admin_client, "unlock", customer)
    customer.refresh_from_db()
    assert customer.failed_login_count == 0 and customer.locked_until is None
    assert log_messages(customer) == ["Unlocked (failed logins cleared)."]


def test_reset_email_goes_through_the_apis_signal(admin_client, make_customer, guest,
                                                 django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, customer, reset_token, **kwargs):
        received.append((customer.login, reset_token))

    with connected(signals.customer_password_reset_after_post, receiver):
        jsmith = make_customer(login="jsmith")
        no_email = make_customer(login="noemail", email="")
        with django_capture_on_commit_callbacks(execute=True):  # the immediate backend: the task runs at commit
            response = run_action(admin_client, "send_password_reset", jsmith, no_email, guest)

    assert [login for login, _ in received] == ["jsmith"]
    [email] = mail.outbox
    assert email.to == ["jsmith@example.com"] and f"/account/password-reset/{received[0][1]}/" in email.body
    assert log_messages(jsmith) == ["Queued a password reset email."] and log_messages(guest) == []
    assert "queued for 1 customer(s); 2 skipped" in shown_messages(admin_client.get(response["Location"]))[0]


def test_log_out_everywhere(admin_client, customer, jwt_for, api):
    tokens = [jwt_for(customer), jwt_for(customer, kind="session")]
    run_action(admin_client, "log_out_everywhere", customer)
    for token in tokens:
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        assert api.get(api_url("customers", customer.customer_id)).status_code == 401
    assert log_messages(customer) == ["Logged out everywhere (all tokens revoked, storefront sessions ended)."]


def test_export_csv(admin_client, make_customer):
    plain = make_customer(login="plain", first_name="Pat", phone_home="0123")
    formula = make_customer(login="formula", first_name="=HYPERLINK(\"http://evil\")", phone_mobile="+44 1")
    response = run_action(admin_client, "export_csv", plain, formula)

    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="customers-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["login"] for row in rows] == ["plain", "formula"]
    assert rows[0]["customer_no"] == plain.customer_no and rows[0]["phone_home"] == "0123"
    assert rows[0]["site"] == "SiteGenesis" and rows[0]["enabled"] == "True" and rows[0]["locked"] == "False"
    assert rows[1]["first_name"] == "'=HYPERLINK(\"http://evil\")" and rows[1]["phone_mobile"] == "'+44 1"
    assert "password" not in response.content.decode()
    assert log_messages(plain) == log_messages(formula) == ["Exported as CSV."]


def test_export_json_of_one_customer(admin_client, full_customer):
    response = run_action(admin_client, "export_json", full_customer)
    assert response["Content-Disposition"] == f'attachment; filename="customer-{full_customer.customer_no}.json"'
    data = json.loads(response.content)
    assert data["customer"]["login"] == "jsmith" and len(data["orders"]) == 1
    assert FULL_CARD_NUMBER not in response.content.decode()
    assert log_messages(full_customer) == ["Downloaded the personal data (JSON)."]


def test_export_json_wants_exactly_one_customer(admin_client, make_customer):
    response = run_action(admin_client, "export_json", make_customer(login="a"), make_customer(login="b"))
    assert response.status_code == 302
    assert shown_messages(admin_client.get(LIST_URL)) == ["Select exactly one customer to download their data."]


def test_erase_asks_first_then_erases_and_logs(admin_client, full_customer, make_customer):
    other = make_customer(login="other")
    admin_client.post(action_url(other, "unlock"))  # an older log entry that names the customer

    confirmation = run_action(admin_client, "erase", full_customer, other)
    assert confirmation.status_code == 200
    assert confirmation.templates[0].name == "admin/customers/customer/erase_confirmation.html"
    page = confirmation.content.decode()
    assert "cannot be undone" in page and "<td>jsmith</td>" in page and "Yes, erase 2 customers" in page
    full_customer.refresh_from_db()
    assert full_customer.login == "jsmith"  # nothing happened yet

    response = run_action(admin_client, "erase", full_customer, other, post="yes")
    assert response.status_code == 302
    full_customer.refresh_from_db()
    other.refresh_from_db()
    assert full_customer.login.startswith("erased-") and other.login.startswith("erased-")
    assert not full_customer.addresses.exists() and not full_customer.payment_instruments.exists()
    assert Order.objects.get().customer is None
    assert log_messages(full_customer)[-1].startswith("Erased the personal data (GDPR)")
    reprs = set(LogEntry.objects.filter(object_id=str(other.pk), content_type__model="customer")
                .values_list("object_repr", flat=True))
    assert reprs == {other.login}  # the older entry no longer names the customer


def test_erase_action_succeeds_when_its_login_is_taken_already(admin_client, customer):
    Customer.objects.create(site=customer.site, auth_type=Customer.REGISTERED, login=f"erased-{customer.customer_id}")
    response = run_action(admin_client, "erase", customer, post="yes")
    assert response.status_code == 302
    erased = Customer.objects.get(pk=customer.pk)
    assert erased.login.startswith(f"erased-{customer.customer_id}-") and not erased.enabled


def test_erase_confirmation_counts_what_each_customer_has_in_constant_queries(admin_client, full_customer,
                                                                              make_customer):
    def confirm(*customers):
        with CaptureQueriesContext(connection) as queries:
            response = run_action(admin_client, "erase", *customers)
        return response.context["rows"], len(queries)

    rows, few = confirm(full_customer)
    assert {key: value for key, value in rows[0].items() if key != "customer"} == {
        "addresses": 2, "instruments": 1, "baskets": 1, "orders": 1, "product lists": 0, "tokens": 1}
    others = [make_customer(login=f"other{n}") for n in range(5)]
    rows, more = confirm(full_customer, *others)
    assert few == more
    assert [row["addresses"] for row in rows if row["customer"] in others] == [0] * 5


def test_the_change_page_reads_the_customer_once(admin_client, full_customer):
    admin_client.get(change_url(full_customer))
    with CaptureQueriesContext(connection) as queries:
        assert admin_client.get(change_url(full_customer)).status_code == 200
    reads = [query["sql"] for query in queries if query["sql"].startswith('SELECT "customers_customer"."id"')]
    assert len(reads) == 1 and '"shopsite_site"' in reads[0]  # with its site joined
    assert not [query for query in queries if query["sql"].startswith('SELECT "shopsite_site"')]


def test_erase_needs_the_delete_permission(staff_client, customer):
    client = staff_client("customers.view_customer", "customers.change_customer")
    assert client.get(action_url(customer, "erase")).status_code == 403
    assert "erase" not in [tool["name"] for tool in client.get(change_url(customer)).context["customer_tools"]]


# --- the same actions from the customer's page ---------------------------------------------------


def test_object_action_runs_for_that_customer_and_comes_back(admin_client, customer, make_customer):
    other = make_customer(login="other")
    for person in (customer, other):
        Customer.objects.filter(pk=person.pk).update(failed_login_count=3)
    response = admin_client.post(action_url(customer, "unlock"))
    assert response.status_code == 302 and response["Location"] == change_url(customer)
    assert Customer.objects.get(pk=customer.pk).failed_login_count == 0
    assert Customer.objects.get(pk=other.pk).failed_login_count == 3


def test_object_actions_that_change_need_a_post(admin_client, customer):
    assert admin_client.get(action_url(customer, "disable")).status_code == 405
    assert Customer.objects.get(pk=customer.pk).enabled


def test_object_erase_confirms_then_erases(admin_client, customer):
    page = admin_client.get(action_url(customer, "erase"))
    assert page.status_code == 200 and "Yes, erase 1 customer" in page.content.decode()
    response = admin_client.post(action_url(customer, "erase"), {"post": "yes"})
    assert response["Location"] == change_url(customer)
    assert Customer.objects.get(pk=customer.pk).login == f"erased-{customer.customer_id}"


def test_object_download_is_a_get(admin_client, customer):
    response = admin_client.get(action_url(customer, "export_json"))
    assert json.loads(response.content)["customer"]["customer_id"] == customer.customer_id


def test_unknown_or_forbidden_object_actions(admin_client, staff_client, customer):
    assert admin_client.post(action_url(customer, "delete_selected")).status_code == 403
    assert admin_client.post(action_url(customer, "nonsense")).status_code == 403
    viewer = staff_client("customers.view_customer")
    assert viewer.post(action_url(customer, "unlock")).status_code == 403
    assert viewer.get(change_url(customer)).context["customer_tools"] == []


# --- agents ----------------------------------------------------------------------------------


def test_the_data_migration_makes_the_group_on_a_database_without_permissions():
    """As on a fresh database, where the migration runs before Django creates permissions
    (run with the migration's historical models; transactional tests may have emptied the
    tables, so the migration's own rows are not relied upon)."""
    import importlib

    from django.db.migrations.loader import MigrationLoader

    migration = importlib.import_module("customers.migrations.0004_customer_service_agents")
    historical = MigrationLoader(connection).project_state(("customers", "0004_customer_service_agents")).apps
    Group.objects.filter(name=AGENT_GROUP).delete()
    Permission.objects.all().delete()

    migration.create_group(historical, None)
    migration.create_group(historical, None)  # idempotent

    group = Group.objects.get(name=AGENT_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"create_order_on_behalf_of", "view_customer", "change_customer", "view_order"} <= codenames
    assert "delete_customer" not in codenames  # erasing stays with whoever may delete customers
    permission = Permission.objects.get(codename="create_order_on_behalf_of")
    assert (permission.content_type.app_label, permission.content_type.model) == ("customers", "customer")
    migration.remove_group(historical, None)
    assert not Group.objects.filter(name=AGENT_GROUP).exists()


def test_the_group_for_seed_demo_and_tests():
    group = agent_group()
    assert group.name == AGENT_GROUP and agent_group().pk == group.pk
    assert group.permissions.filter(codename="create_order_on_behalf_of", content_type__app_label="customers")


def test_a_staff_user_in_the_group_is_an_agent(api, client, client_app, customer):
    from shopsite.models import OAuthToken

    user = get_user_model().objects.create_user("cs1", password="cs-password-1", is_staff=True)
    user.groups.add(agent_group())
    client.force_login(user)
    assert client.get(LIST_URL).status_code == 200
    assert client.get(change_url(customer)).status_code == 200
    raw = OAuthToken.issue(client_app, agent=user)[1]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.post(api_url("customers", customer.customer_id, "auth")).status_code == 200


@pytest.fixture
def on_behalf_api(api, customer, agent_user, jwt_for):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(customer, kind=CustomerToken.ON_BEHALF, agent=agent_user)}")
    return api


def test_writes_through_on_behalf_tokens_are_recorded(on_behalf_api, customer, agent_user, admin_client):
    url = api_url("customers", customer.customer_id)
    assert on_behalf_api.patch(url, {"first_name": "Changed"}, format="json").status_code == 200
    assert on_behalf_api.post(url, {"first_name": "Again"}, format="json",
                              HTTP_X_DW_HTTP_METHOD_OVERRIDE="PATCH").status_code == 200
    assert on_behalf_api.get(url).status_code == 200  # reads are not recorded
    assert on_behalf_api.patch(url, {"gender": 7}, format="json").status_code == 400  # nor failures

    entries = list(AgentActivity.objects.order_by("id"))
    assert [(e.method, e.path, e.status, e.agent, e.agent_username, e.client_id) for e in entries] == [
        ("PATCH", url, 200, agent_user, "agent", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
    ] * 2
    assert entries[0].customer == customer and entries[0].token.kind == CustomerToken.ON_BEHALF

    page = admin_client.get(change_url(customer)).content.decode()
    assert f"<td>PATCH</td><td>{url}</td><td>200</td>" in page and "<td>agent</td>" in page
    activity = admin_client.get(f"/admin/customers/agentactivity/?customer__id__exact={customer.pk}")
    assert len(activity.context["cl"].result_list) == 2


def test_customers_own_writes_are_not_agent_activity(as_customer, customer):
    response = as_customer.patch(api_url("customers", customer.customer_id), {"first_name": "Me"},
                                 format="json")
    assert response.status_code == 200
    assert not AgentActivity.objects.exists()


def test_agents_cannot_export_customers(client, customer):
    from django.contrib.auth import get_user_model

    from customers.agents import agent_group

    agent = get_user_model().objects.create_user("helpdesk", password="helpdesk-pass-1", is_staff=True)
    agent.groups.add(agent_group())
    client.force_login(agent)
    page = client.get(LIST_URL)
    actions = [value for value, _label in page.context["action_form"].fields["action"].choices]
    assert "unlock" in actions and "export_csv" not in actions and "export_json" not in actions
    response = run_action(client, "export_csv", customer)
    assert not response.get("Content-Type", "").startswith("text/csv")


def test_failed_logins_on_no_customer_are_counted_for_the_merchant(api, client_app, admin_client, customer):
    import base64

    basic = "Basic " + base64.b64encode(b"no-such-login:guess").decode()
    for _ in range(3):
        api.post(api_url("customers", "auth", client_id=client_app.client_id), {"type": "credentials"},
                 format="json", HTTP_AUTHORIZATION=basic)
    page = admin_client.get("/admin/customers/uncountedloginfailures/")
    [row] = page.context["cl"].result_list
    assert row.attempts == 3 and row.site == customer.site
    assert admin_client.get(f"/admin/customers/uncountedloginfailures/{row.pk}/change/").status_code == 200
