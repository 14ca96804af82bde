"""GDPR services: export everything stored about a customer, erase what identifies them."""
import json

import pytest
from django.contrib.auth.hashers import is_password_usable

from customers import services
from customers.models import PROFILE_TEXT_FIELDS, AgentActivity, Customer, CustomerToken, PasswordResetToken
from customers.tests.conftest import FULL_CARD_NUMBER
from orders.models import Basket, Order, OrderPaymentInstrument, Shipment
from shopsite.testing import api_url

pytestmark = pytest.mark.django_db


def test_export_holds_the_api_documents_of_everything_stored(full_customer):
    data = services.customer_export(customer=full_customer)
    text = json.dumps(data)  # JSON-ready as it is

    assert data["_type"] == "customer_export" and data["site_id"] == "SiteGenesis"
    customer = data["customer"]
    assert customer["_type"] == "customer" and customer["login"] == "jsmith"
    assert customer["email"] == "john.smith@example.com" and customer["birthday"] == "1980-02-03"
    assert customer["c_loyalty"] == "gold"
    assert [address["address_id"] for address in customer["addresses"]] == ["home", "work"]
    card = customer["payment_instruments"][0]["payment_card"]
    assert card["masked_number"] == "************1111" and card["holder"] == "John Smith"
    assert FULL_CARD_NUMBER not in text and "password" not in text
    [order] = data["orders"]
    assert order["_type"] == "order" and order["order_total"] == 20.0
    assert order["shipments"][0]["shipping_address"]["city"] == "Burlington"
    assert order["billing_address"]["phone"] == "781-555-0100"
    assert [basket["_type"] for basket in data["baskets"]] == ["basket"]
    assert [(token["kind"], token["client_id"]) for token in data["tokens"]] == [
        ("credentials", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
    ]
    assert data["agent_activity"] == []


def test_export_costs_the_same_queries_whatever_the_amount_of_data(full_customer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from orders.services import order_create

    with CaptureQueriesContext(connection) as few:
        services.customer_export(customer=full_customer)
    for number in range(3):
        order_create(customer=full_customer, items=[{"product_id": f"P{number}", "base_price": "1.00"}],
                     payment_instruments=[{"payment_method_id": "CREDIT_CARD"}])
    with CaptureQueriesContext(connection) as more:
        assert len(services.customer_export(customer=full_customer)["orders"]) == 4
    assert len(more) == len(few)


def test_erase_anonymises_the_customer_and_keeps_orders_detached(full_customer):
    order = Order.objects.get(customer=full_customer)
    PasswordResetToken.objects.create(token_hash="x" * 64, customer=full_customer,
                                      expires_at=full_customer.creation_date.replace(year=2999))

    erased = services.customer_erase(customer=full_customer)

    stored = Customer.objects.get(pk=full_customer.pk)
    assert stored.login == f"erased-{stored.customer_id}" and erased.login == stored.login
    for name in PROFILE_TEXT_FIELDS:
        assert getattr(stored, name) == "", name
    assert stored.birthday is None and stored.gender is None and stored.custom == {}
    assert not stored.enabled and not is_password_usable(stored.password)
    assert stored.customer_no == full_customer.customer_no  # numbers stay: the accounts refer to them
    assert not stored.addresses.exists() and not stored.payment_instruments.exists()
    assert not Basket.objects.filter(customer=stored).exists()
    assert not CustomerToken.objects.filter(customer=stored, revoked_at__isnull=True).exists()
    assert not PasswordResetToken.objects.filter(customer=stored, used_at__isnull=True).exists()

    order.refresh_from_db()
    assert order.customer is None and order.order_no and order.order_total == 20
    assert order.customer_name == "" and order.customer_email == ""
    shipment = Shipment.objects.get(order=order)
    assert (shipment.first_name, shipment.last_name, shipment.address1, shipment.city, shipment.phone) == ("",) * 5
    assert (shipment.country_code, shipment.state_code) == ("US", "MA")
    billing = (order.billing_first_name, order.billing_last_name, order.billing_address1, order.billing_city,
               order.billing_phone)
    assert billing == ("",) * 5
    assert (order.billing_country_code, order.billing_state_code) == ("US", "MA")
    assert OrderPaymentInstrument.objects.get(order=order).holder == ""
    assert OrderPaymentInstrument.objects.get(order=order).masked_number == "************1111"


def test_erase_ends_api_access(full_customer, api, jwt_for):
    token = jwt_for(full_customer)
    services.customer_erase(customer=full_customer)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get(api_url("customers", full_customer.customer_id)).status_code == 401


def test_erase_frees_the_login_and_can_run_again(full_customer, make_customer):
    services.customer_erase(customer=full_customer)
    again = services.customer_erase(customer=full_customer)
    assert again.login == f"erased-{full_customer.customer_id}"
    assert make_customer(login="jsmith").login == "jsmith"  # the login may be registered anew


def test_erase_succeeds_when_its_login_is_taken_already(full_customer):
    """Older data may hold a customer named erased-<id> (registration refuses it now)."""
    placeholder = f"ERASED-{full_customer.customer_id}"  # the same login, compared as logins are
    squatter = Customer.objects.create(site=full_customer.site, auth_type=Customer.REGISTERED, login=placeholder)

    erased = services.customer_erase(customer=full_customer)

    stored = Customer.objects.get(pk=full_customer.pk)
    assert stored.login == erased.login and stored.login.startswith(f"erased-{full_customer.customer_id}-")
    assert not stored.enabled and stored.email == "" and not stored.addresses.exists()
    assert Customer.objects.get(pk=squatter.pk).login == placeholder


def test_erase_of_a_guest_keeps_it_a_guest(guest):
    erased = services.customer_erase(customer=guest)
    assert erased.login is None and erased.auth_type == Customer.GUEST and not erased.enabled


def test_erase_deletes_agent_activity(full_customer, agent_user):
    AgentActivity.objects.create(customer=full_customer, agent=agent_user, agent_username="agent",
                                 client_id="c", method="PATCH", path="/x", status=200)
    services.customer_erase(customer=full_customer)
    assert not AgentActivity.objects.exists()


def test_erase_rolls_back_as_a_whole(full_customer, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("database gone")

    from customers.services import gdpr

    monkeypatch.setattr(gdpr, "customer_end_all_access", fail)  # the step after every delete
    with pytest.raises(RuntimeError):
        services.customer_erase(customer=full_customer)
    stored = Customer.objects.get(pk=full_customer.pk)
    assert stored.login == "jsmith" and stored.addresses.count() == 2
    assert Order.objects.get().customer_id == stored.pk


def test_export_keys_keep_their_order(full_customer):
    """The other apps' parts (customers.personal_data) sit where the export always had them."""
    assert list(services.customer_export(customer=full_customer)) == [
        "_type", "exported_at", "site_id", "customer", "orders", "baskets", "product_lists",
        "product_list_item_purchases", "tokens", "agent_activity"
    ]


def test_the_apps_register_their_personal_data():
    from customers.personal_data import ERASE_PARTS, EXPORT_PARTS

    assert list(EXPORT_PARTS) == ["orders", "baskets", "product_lists", "product_list_item_purchases"]
    assert list(ERASE_PARTS) == ["addresses", "payment instruments", "baskets and orders", "product lists"]


def test_customers_services_and_selectors_import_no_app_that_depends_on_customers():
    """Dependencies run one way: addresses, payments and orders contribute to customers'
    registries (documents.EXPANSIONS, personal_data), never the reverse."""
    import ast
    from pathlib import Path

    package = Path(services.__file__).parent
    imported = set()
    for path in [*package.glob("*.py"), package.parent / "selectors.py", package.parent / "personal_data.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
    assert not imported & {"addresses", "payments", "orders", "productlists"}
