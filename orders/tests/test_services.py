"""order_create / basket_create: totals, numbers, snapshots, validation; demo data."""
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from orders.models import Basket, Order, OrderPaymentInstrument, ProductItem, Shipment, ShippingItem
from orders.services import basket_create, container_recalculate, mask_card_number, order_create
from orders.tests.helpers import BILLING_ADDRESS, item

pytestmark = pytest.mark.django_db


def test_net_order_totals(customer):
    order = order_create(
        customer=customer,
        items=[item("A", quantity=3, base_price="3.33", tax_rate="0.0825"), item("B", base_price="0.05",
                                                                              tax_rate="0.1")],
        shipments=[{"shipping_price": "4.99", "shipping_tax_rate": "0.0825"}],
    )
    order.refresh_from_db()
    a, b = order.product_items.all()
    assert (a.price, a.tax) == (Decimal("9.99"), Decimal("0.82"))  # 0.824175 -> 0.82
    assert (b.price, b.tax) == (Decimal("0.05"), Decimal("0.01"))  # 0.005 rounds half up
    assert order.product_sub_total == order.product_total == Decimal("10.04")
    assert order.shipping_total == Decimal("4.99")
    assert order.adjusted_shipping_total_tax == order.shipping_total_tax == Decimal("0.41")
    assert order.adjusted_merchandize_total_tax == Decimal("0.83")
    assert order.tax_total == Decimal("1.24")
    assert order.order_total == Decimal("16.27")  # 10.04 + 4.99 + 1.24


def test_gross_order_totals_do_not_add_tax(customer):
    order = order_create(customer=customer, taxation="gross", items=[item(base_price="119.00", tax_rate="0.19")],
                         shipments=[{"shipping_price": "5.95", "shipping_tax_rate": "0.19"}])
    order.refresh_from_db()
    assert order.adjusted_merchandize_total_tax == Decimal("19.00")
    assert order.adjusted_shipping_total_tax == Decimal("0.95")
    assert order.tax_total == Decimal("19.95")
    assert order.order_total == Decimal("124.95")


def test_order_numbers_are_zero_padded_and_increasing(customer):
    first = order_create(customer=customer, items=[item()])
    second = order_create(customer=customer, items=[item()])
    assert len(first.order_no) == 8 and first.order_no.isdigit()
    assert int(second.order_no) > int(first.order_no)


def test_explicit_order_number_and_its_reuse(customer):
    order_create(customer=customer, items=[item()], order_no="00001228")
    with pytest.raises(ValidationError, match="00001228 is already in use"):
        order_create(customer=customer, items=[item()], order_no="00001228")
    assert Order.objects.count() == 1
    assert ProductItem.objects.count() == 1


def test_customer_info_snapshot_and_overrides(customer, guest):
    order = order_create(customer=customer, items=[item()], customer_name="J. Smith")
    assert (order.customer_public_id, order.customer_no, order.customer_name, order.customer_email) == (
        customer.customer_id, customer.customer_no, "J. Smith", "jsmith@example.com")
    guest_order = order_create(customer=guest, items=[item()], email="guest@example.com")
    assert (guest_order.customer_no, guest_order.customer_email) == ("", "guest@example.com")


def test_order_site_defaults_to_the_customers_and_may_differ(customer, other_site):
    assert order_create(customer=customer, items=[item()]).site == customer.site
    assert order_create(customer=customer, items=[item()], site=other_site).site == other_site


def test_card_numbers_are_stored_masked_only(customer):
    order = order_create(customer=customer, items=[item()], payment_instruments=[
        {"payment_method_id": "CREDIT_CARD", "number": "4111111111111111", "card_type": "Visa"}])
    payment = OrderPaymentInstrument.objects.get(order=order)
    assert (payment.masked_number, payment.number_last_digits) == ("************1111", "1111")
    assert payment.amount == order.order_total  # a single instrument pays the whole order
    stored = [str(value) for value in OrderPaymentInstrument.objects.values_list().get()]
    assert not any("4111111111111111" in value for value in stored)


@pytest.mark.parametrize("number, expected", [
    ("1234567", ("***4567", "4567")), ("1234", ("****", "")), ("7", ("*", ""))])
def test_mask_card_number(number, expected):
    assert mask_card_number(number) == expected


@pytest.mark.parametrize("kwargs, message", [
    ({"items": []}, "at least one product item"),
    ({"items": [item(quantity=0)]}, "quantity"),
    ({"items": [item(quantity=1000)]}, "quantity"),
    ({"items": [item(quantity=1.5)]}, "quantity must be a Decimal"),
    ({"items": [item(base_price="-1")]}, "base_price"),
    ({"items": [item(base_price="1.001")]}, "base_price"),
    ({"items": [item(tax_rate="1.5")]}, "tax_rate"),
    ({"items": [item(shipment_id="gift")]}, "unknown shipment 'gift'"),
    ({"items": [item(colour="red")]}, "Unknown product item key"),
    ({"items": [{"base_price": "1.00"}]}, "product_id is required"),
    ({"items": [item()], "shipments": [{"shipment_id": "me"}, {"shipment_id": "me"}]}, "unique"),
    ({"items": [item()], "status": "shipped"}, "status must be one of"),
    ({"items": [item()], "payment_status": "PAID"}, "payment_status must be one of not_paid, part_paid, paid"),
    ({"items": [item()], "shipping_status": "sent"}, "shipping_status must be one of"),
    ({"items": [item()], "confirmation_status": True}, "confirmation_status must be one of"),
    ({"items": [item()], "taxation": "vat"}, "taxation"),
    ({"items": [item()], "currency": "usd"}, "currency"),
    ({"items": [item()], "email": "not-an-email"}, "valid email"),
    ({"items": [item()], "payment_instruments": [{"payment_method_id": "CREDIT_CARD", "number": "4111-1111"}]},
     "1 to 19 digits"),
    ({"items": [item()], "payment_instruments": [{"payment_method_id": "A"}, {"payment_method_id": "B"}]},
     "each needs an amount"),
    ({"items": [item()], "billing_address": "2 Elm St"}, "A billing_address is a dict"),
    ({"items": [item()], "billing_address": {"country_code": "USA"}}, "country_code is longer than 2"),
    ({"items": [item()], "billing_address": {"city": 12}}, "city must be a string"),
    ({"items": [item()], "billing_address": {"country_code": "u1"}}, "two upper-case letters"),
    ({"items": [item()], "shipments": [{"shipping_address": {"country_code": "us"}}]}, "two upper-case letters"),
])
def test_bad_input_raises_and_writes_nothing(customer, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        order_create(customer=customer, **kwargs)
    assert not Order.objects.exists()
    assert not ProductItem.objects.exists() and not Shipment.objects.exists()


@pytest.mark.parametrize("create", [order_create, basket_create])
def test_billing_address_is_stored(customer, create):
    container = create(customer=customer, items=[item()], billing_address=BILLING_ADDRESS)
    container.refresh_from_db()
    assert {name: getattr(container, f"billing_{name}") for name in BILLING_ADDRESS} == BILLING_ADDRESS


@pytest.mark.parametrize("create", [order_create, basket_create])
def test_billing_address_keys_are_checked_as_shipping_address_keys(customer, create):
    address = {"city": "Boston", "street": "1 Main St"}
    with pytest.raises(ValidationError) as shipping:
        create(customer=customer, items=[item()], shipments=[{"shipping_address": address}])
    with pytest.raises(ValidationError) as billing:
        create(customer=customer, items=[item()], billing_address=address)
    assert billing.value.messages == [shipping.value.messages[0].replace("shipping_address", "billing_address")]
    assert billing.value.messages[0].startswith("Unknown billing_address key(s): street (allowed: address1, ")
    assert not Order.objects.exists() and not Basket.objects.exists()


@pytest.mark.parametrize("custom", [[1, 2], ["c_a"], "c_a", {"c_": 1}, {"c_bad name": 1}, {"address_id": "x"}])
def test_custom_attributes_are_validated_as_the_admin_does(customer, custom):
    """order_create and basket_create use the model fields' validator, not a weaker check."""
    with pytest.raises(ValidationError) as error:
        order_create(customer=customer, items=[item()], custom=custom)
    with pytest.raises(ValidationError) as basket_error:
        basket_create(customer=customer, custom=custom)
    assert error.value.messages == basket_error.value.messages
    assert "custom attribute" in error.value.messages[0].lower()
    assert not Order.objects.exists() and not Basket.objects.exists()


def test_statuses_and_merchandize_total_tax(customer):
    order = order_create(customer=customer, items=[item(base_price="10.00", tax_rate="0.1")],
                         payment_status="part_paid", shipping_status="shipped", confirmation_status="confirmed")
    order.refresh_from_db()
    assert (order.payment_status, order.shipping_status, order.confirmation_status) == (
        "part_paid", "shipped", "confirmed")
    assert order.merchandize_total_tax == order.adjusted_merchandize_total_tax == Decimal("1.00")
    default = order_create(customer=customer, items=[item()])
    assert (default.payment_status, default.shipping_status, default.confirmation_status) == (
        "not_paid", "not_shipped", "not_confirmed")


def test_card_numbers_follow_the_rule_of_saved_instruments(customer, settings):
    """One card-number rule: with SHOPSITE_CARD_LUHN_CHECK an order refuses what the
    payment instruments API refuses."""
    settings.SHOPSITE_CARD_LUHN_CHECK = True
    card = {"payment_method_id": "CREDIT_CARD", "number": "4111111111111112"}
    with pytest.raises(ValidationError, match="Luhn"):
        order_create(customer=customer, items=[item()], payment_instruments=[card])
    with pytest.raises(ValidationError, match="Luhn"):
        mask_card_number("4111111111111112")
    assert mask_card_number("4111111111111111") == ("************1111", "1111")
    assert not Order.objects.exists()


def test_product_item_model_refuses_a_quantity_of_zero(customer):
    """The admin validates with the model: 0 is refused there as by order_create."""
    order = order_create(customer=customer, items=[item()])
    line = order.product_items.get()
    line.quantity = Decimal("0")
    with pytest.raises(ValidationError) as error:
        line.full_clean()
    assert list(error.value.message_dict) == ["quantity"]
    line.quantity = Decimal("0.01")
    line.full_clean()


def test_an_order_needs_an_email(guest):
    with pytest.raises(ValidationError, match="needs an email"):
        order_create(customer=guest, items=[item()])


def test_deleting_a_customer_detaches_orders_and_deletes_baskets(customer):
    order = order_create(customer=customer, items=[item()])
    basket_create(customer=customer, items=[item()])
    customer.delete()
    order.refresh_from_db()
    assert order.customer is None and order.customer_email == "jsmith@example.com"
    assert order.product_items.count() == 1
    assert not Basket.objects.exists()
    assert ProductItem.objects.filter(basket__isnull=False).count() == 0


def test_container_recalculate_after_lines_change(customer):
    basket = basket_create(customer=customer, items=[item(base_price="10.00")])
    ProductItem.objects.filter(basket=basket).update(quantity=4)
    ShippingItem.objects.create(basket=basket, shipment_id="me", price=Decimal("2.00"), tax_rate=Decimal("0.5"))
    container_recalculate(container=basket)
    basket.refresh_from_db()
    assert (basket.product_total, basket.shipping_total, basket.tax_total, basket.order_total) == (
        Decimal("40.00"), Decimal("2.00"), Decimal("1.00"), Decimal("43.00"))


def test_a_line_belongs_to_exactly_one_container(customer):
    from django.db import IntegrityError, transaction

    basket = basket_create(customer=customer)
    order = order_create(customer=customer, items=[item()])
    for links in ({}, {"basket": basket, "order": order}):
        with pytest.raises(IntegrityError), transaction.atomic():
            ProductItem.objects.create(product_id="X", **links)


def test_demo_data_is_idempotent():
    from customers import demo as customer_demo
    from customers.models import Customer
    from orders import demo

    for _ in range(2):
        customer_demo.seed(io.StringIO())
        out = io.StringIO()
        demo.seed(out)
    jsmith = Customer.objects.get(login="jsmith")
    assert jsmith.orders.count() == 3
    assert jsmith.baskets.count() == 1
    numbers = ", ".join(jsmith.orders.order_by("order_no").values_list("order_no", flat=True))
    assert out.getvalue() == f"  orders {numbers} and 1 basket of jsmith"
    assert {c.billing_city for c in [*jsmith.orders.all(), *jsmith.baskets.all()]} == {"Burlington"}
    assert not any(p.masked_number == "4111111111111111" for p in OrderPaymentInstrument.objects.all())
