"""Creating baskets and orders, and the arithmetic of their totals.

The Customers API only reads baskets and orders; these functions are how they come to
exist: from the admin (merchants' test data), ``manage.py shell``, imports and the demo
data. Keyword-only ``<entity>_<action>`` functions; each write is one transaction.

    from orders.services import order_create
    order_create(customer=jsmith, items=[{"product_id": "P1", "product_name": "Tee",
                 "quantity": 2, "base_price": "9.99", "tax_rate": "0.1"}],
                 shipments=[{"shipping_method_id": "001", "shipping_method_name": "Ground",
                             "shipping_price": "5.00"}],
                 payment_instruments=[{"payment_method_id": "CREDIT_CARD", "card_type": "Visa",
                                       "number": "4111111111111111", "holder": "John Smith"}])

Pricing rules (no promotions): a product item's ``price`` is ``base_price x quantity``;
each shipment's shipping cost is one shipping item. Tax per line is ``price x rate``
with ``net`` taxation and the part of the price that is tax (``price - price / (1 +
rate)``) with ``gross``, rounded half-up to the cent per line. ``order_total`` adds the
tax only for ``net``.
"""
from collections.abc import Sequence
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from addresses.models import validate_country_code
from customers.models import Customer
from orders.models import (
    BILLING_PREFIX,
    ORDER_ADDRESS_FIELDS,
    Basket,
    Order,
    OrderPaymentInstrument,
    ProductItem,
    Shipment,
    ShippingItem,
    Taxation,
)
from payments.masking import last_digits, masked
from payments.request_documents import validate_card_number
from shopsite.documents import validate_custom_attributes
from shopsite.models import Site

CENT = Decimal("0.01")
MAX_MONEY = Decimal("9999999999.99")

ITEM_KEYS = {"product_id", "product_name", "item_text", "quantity", "base_price", "tax_rate", "shipment_id"}
SHIPMENT_KEYS = {"shipment_id", "shipping_method_id", "shipping_method_name", "shipping_price",
                 "shipping_tax_rate", "shipping_address"}
PAYMENT_KEYS = {"payment_method_id", "amount", "card_type", "holder", "number", "expiration_month",
                "expiration_year"}
ORDER_STATUSES = {"status": Order.Status, "payment_status": Order.PaymentStatus,
                  "shipping_status": Order.ShippingStatus, "confirmation_status": Order.ConfirmationStatus}


# --- public services ---------------------------------------------------------------------------


def order_create(
    *, customer: Customer, items: Sequence[dict], shipments: Sequence[dict] | None = None,
    payment_instruments: Sequence[dict] | None = None, site: Site | None = None, email: str | None = None,
    customer_name: str | None = None, currency: str = "USD", taxation: str = Taxation.NET,
    status: str = Order.Status.CREATED, payment_status: str = Order.PaymentStatus.NOT_PAID,
    shipping_status: str = Order.ShippingStatus.NOT_SHIPPED,
    confirmation_status: str = Order.ConfirmationStatus.NOT_CONFIRMED, created_by: str = "Customer",
    order_no: str | None = None, creation_date: datetime | None = None, custom: dict | None = None,
    billing_address: dict | None = None,
) -> Order:
    """Create an order of ``customer`` with its lines and computed totals; returns the Order.

    ``site`` defaults to the customer's site (pass another for orders imported from it);
    ``order_no`` defaults to the next zero-padded number; ``email`` and ``customer_name``
    default to the customer's profile (a guest needs ``email``); ``billing_address`` is a
    dict of order_address fields, checked as a shipment's ``shipping_address``. Bad input
    raises Django's ``ValidationError`` and writes nothing.
    """
    statuses = {"status": status, "payment_status": payment_status, "shipping_status": shipping_status,
                "confirmation_status": confirmation_status}
    for name, value in statuses.items():
        if value not in ORDER_STATUSES[name].values:
            raise ValidationError(f"{name} must be one of {', '.join(ORDER_STATUSES[name].values)}.")
    if not items:
        raise ValidationError("An order needs at least one product item.")
    if order_no is not None and (not isinstance(order_no, str) or not order_no.strip() or len(order_no) > 100):
        raise ValidationError("order_no must be a non-empty string of at most 100 characters.")
    order = Order(customer=customer, site=site or customer.site, created_by=created_by, order_no=order_no,
                  **statuses)
    _prepare(order, customer=customer, email=email, customer_name=customer_name, currency=currency,
             taxation=taxation, creation_date=creation_date, custom=custom, billing_address=billing_address)
    if not order.customer_email:
        raise ValidationError("An order needs an email (customer_info.email): the customer has none, pass email=.")
    lines = _build_lines(order, items, shipments, payment_instruments)
    try:
        with transaction.atomic():
            order.save()
            if order.order_no is None:
                order.order_no = order_number(order.pk)
                order.save(update_fields=["order_no"])
            _save_lines(order, "order", lines)
    except IntegrityError:
        if Order.objects.filter(order_no=order.order_no).exists():
            raise ValidationError(f"Order number {order.order_no} is already in use.") from None
        raise
    return order


def basket_create(
    *, customer: Customer, items: Sequence[dict] = (), shipments: Sequence[dict] | None = None,
    payment_instruments: Sequence[dict] | None = None, site: Site | None = None, email: str | None = None,
    customer_name: str | None = None, currency: str = "USD", taxation: str = Taxation.NET,
    creation_date: datetime | None = None, custom: dict | None = None, billing_address: dict | None = None,
) -> Basket:
    """Create a basket of ``customer`` (items optional: a fresh basket is empty)."""
    basket = Basket(customer=customer, site=site or customer.site)
    _prepare(basket, customer=customer, email=email, customer_name=customer_name, currency=currency,
             taxation=taxation, creation_date=creation_date, custom=custom, billing_address=billing_address)
    lines = _build_lines(basket, items, shipments, payment_instruments)
    with transaction.atomic():
        basket.save()
        _save_lines(basket, "basket", lines)
    return basket


def order_number(pk: int) -> str:
    """The zero-padded order number of a primary key (``00001228``), as customer numbers."""
    return f"{pk:08d}"


def customer_info_snapshot(
    *, container: Basket | Order, customer: Customer, email: str | None = None, customer_name: str | None = None
) -> None:
    """Copy the customer's id, number, name and email onto a basket or an order."""
    container.customer_public_id = customer.customer_id
    container.customer_no = customer.customer_no or ""
    full_name = " ".join(part for part in (customer.first_name, customer.last_name) if part)
    container.customer_name = customer_name if customer_name is not None else full_name
    if email is not None:
        validate_email(email)  # the customer's own email was checked when it was set
    container.customer_email = email if email is not None else customer.email


def container_recalculate(*, container: Basket | Order) -> None:
    """Recompute line prices, taxes and the totals of a saved basket or order (after the
    admin edited its lines)."""
    product_items = list(container.product_items.all())
    shipping_items = list(container.shipping_items.all())
    _price(container, product_items, shipping_items)
    with transaction.atomic():
        ProductItem.objects.bulk_update(product_items, ["price", "tax"])
        ShippingItem.objects.bulk_update(shipping_items, ["tax"])
        container.save(update_fields=[*TOTALS, "last_modified"])


def mask_card_number(number: str) -> tuple[str, str]:
    """(masked_number, number_last_digits) of a card number; the number itself is never kept.

    The rule and the masking of saved payment instruments (``payments``): 1 to 19 digits
    (Luhn-checked when SHOPSITE_CARD_LUHN_CHECK is on), all but the last 4 as ``*``; a
    number of 4 digits or fewer is masked entirely.
    """
    validate_card_number(number)
    return masked(number), last_digits(number) or ""


# --- building the lines ------------------------------------------------------------------------

TOTALS = ["product_sub_total", "product_total", "shipping_total", "shipping_total_tax", "merchandize_total_tax",
          "adjusted_merchandize_total_tax", "adjusted_shipping_total_tax", "tax_total", "order_total"]


def _prepare(container, *, customer, email, customer_name, currency, taxation, creation_date, custom,
             billing_address):
    if not isinstance(currency, str) or len(currency) != 3 or not currency.isalpha() or not currency.isupper():
        raise ValidationError("currency must be a three-letter ISO 4217 code such as USD.")
    if taxation not in Taxation.values:
        raise ValidationError("taxation must be 'gross' or 'net'.")
    custom = {} if custom is None else custom
    validate_custom_attributes(custom)  # as the admin's model validation
    container.currency, container.taxation, container.custom = currency, taxation, dict(custom)
    for name, value in _order_address(billing_address, "billing_address").items():
        setattr(container, BILLING_PREFIX + name, value)
    if creation_date is not None:
        container.creation_date = creation_date
    customer_info_snapshot(container=container, customer=customer, email=email, customer_name=customer_name)


def _build_lines(container, items, shipments, payment_instruments):
    """Unsaved line objects (validated) and the container's totals set from them."""
    shipment_objs, shipping_items = [], []
    for data in shipments if shipments is not None else [{"shipment_id": "me"}]:
        _known_keys(data, SHIPMENT_KEYS, "shipment")
        shipment = Shipment(
            shipment_id=_text(data.get("shipment_id", "me"), "shipment_id", 100, required=True),
            shipping_method_id=_text(data.get("shipping_method_id"), "shipping_method_id", 256),
            shipping_method_name=_text(data.get("shipping_method_name"), "shipping_method_name", 256),
            **_order_address(data.get("shipping_address"), "shipping_address"),
        )
        shipment_objs.append(shipment)
        if data.get("shipping_price") is not None:
            shipping_items.append(ShippingItem(
                shipment_id=shipment.shipment_id, price=_money(data["shipping_price"], "shipping_price"),
                tax_rate=_rate(data.get("shipping_tax_rate", 0), "shipping_tax_rate"),
            ))
    shipment_ids = [shipment.shipment_id for shipment in shipment_objs]
    if len(set(shipment_ids)) != len(shipment_ids):
        raise ValidationError("Shipment ids must be unique within a basket or an order.")

    product_items = []
    for data in items:
        _known_keys(data, ITEM_KEYS, "product item")
        name = _text(data.get("product_name"), "product_name", 256)
        item = ProductItem(
            product_id=_text(data.get("product_id"), "product_id", 100, required=True),
            product_name=name,
            item_text=_text(data.get("item_text", name), "item_text", 256),
            quantity=_quantity(data.get("quantity", 1)),
            base_price=_money(data.get("base_price"), "base_price"),
            tax_rate=_rate(data.get("tax_rate", 0), "tax_rate"),
            shipment_id=_text(data.get("shipment_id", "me"), "shipment_id", 100, required=True),
        )
        if item.shipment_id not in shipment_ids:
            raise ValidationError(f"Product item {item.product_id} names an unknown shipment '{item.shipment_id}'.")
        product_items.append(item)

    _price(container, product_items, shipping_items)
    payments = _payment_instruments(payment_instruments or [], container.order_total)
    return [*shipment_objs, *product_items, *shipping_items, *payments]


def _payment_instruments(entries, order_total):
    payments = []
    for data in entries:
        _known_keys(data, PAYMENT_KEYS, "payment instrument")
        amount = data.get("amount")
        if amount is None and len(entries) > 1:
            raise ValidationError("With several payment instruments each needs an amount.")
        payment = OrderPaymentInstrument(
            payment_method_id=_text(data.get("payment_method_id"), "payment_method_id", 256, required=True),
            amount=order_total if amount is None else _money(amount, "amount"),
            card_type=_text(data.get("card_type"), "card_type", 256),
            holder=_text(data.get("holder"), "holder", 256),
            expiration_month=_integer(data.get("expiration_month"), "expiration_month", 1, 12),
            expiration_year=_integer(data.get("expiration_year"), "expiration_year", 1900, 9999),
        )
        if data.get("number") is not None:
            payment.masked_number, payment.number_last_digits = mask_card_number(data["number"])
        payments.append(payment)
    return payments


def _save_lines(container, kind, lines):
    for line in lines:
        setattr(line, kind, container)
    for model in (Shipment, ProductItem, ShippingItem, OrderPaymentInstrument):
        model.objects.bulk_create([line for line in lines if type(line) is model])


def _price(container, product_items, shipping_items):
    """Set each line's price and tax and the container's totals (see the module docstring)."""
    taxation = container.taxation
    for item in product_items:
        item.price = (item.base_price * item.quantity).quantize(CENT, ROUND_HALF_UP)
        item.tax = _line_tax(item.price, item.tax_rate, taxation)
    for item in shipping_items:
        item.tax = _line_tax(item.price, item.tax_rate, taxation)
    container.product_sub_total = sum((item.price for item in product_items), Decimal("0.00"))
    container.product_total = container.product_sub_total  # no order-level price adjustments
    container.shipping_total = sum((item.price for item in shipping_items), Decimal("0.00"))
    container.merchandize_total_tax = sum((item.tax for item in product_items), Decimal("0.00"))
    container.adjusted_merchandize_total_tax = container.merchandize_total_tax  # no promotions
    container.adjusted_shipping_total_tax = sum((item.tax for item in shipping_items), Decimal("0.00"))
    container.shipping_total_tax = container.adjusted_shipping_total_tax
    container.tax_total = container.adjusted_merchandize_total_tax + container.adjusted_shipping_total_tax
    container.order_total = container.product_total + container.shipping_total
    if taxation == Taxation.NET:
        container.order_total += container.tax_total
    if container.order_total > MAX_MONEY:
        raise ValidationError("The order total exceeds the largest amount a money column holds.")


def _line_tax(price, rate, taxation):
    rate = Decimal(rate)
    tax = price * rate if taxation == Taxation.NET else price - price / (1 + rate)
    return tax.quantize(CENT, ROUND_HALF_UP)


# --- input checks (developer input: clear ValidationErrors, nothing coerced silently) -------------


def _known_keys(data, allowed, what):
    if not isinstance(data, dict):
        raise ValidationError(f"A {what} is a dict.")
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValidationError(f"Unknown {what} key(s): {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))}).")


def _order_address(address, what):
    """The checked fields of an order_address given as a dict (``shipping_address``,
    ``billing_address``): the same keys and lengths wherever an address is given."""
    address = address or {}
    _known_keys(address, set(ORDER_ADDRESS_FIELDS), what)
    checked = {key: _text(value, key, ORDER_ADDRESS_FIELDS[key]) for key, value in address.items()}
    if checked.get("country_code"):
        validate_country_code(checked["country_code"])  # as in the address book: ISO 3166-1 alpha-2
    return checked


def _text(value, name, max_length, required=False):
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"{name} must be a string.")
    if len(value) > max_length:
        raise ValidationError(f"{name} is longer than {max_length} characters.")
    if required and not value.strip():
        raise ValidationError(f"{name} is required.")
    return value


def _decimal(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, str, Decimal)):
        raise ValidationError(f"{name} must be a Decimal, an int or a numeric string (not {type(value).__name__}).")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValidationError(f"{name} is not a number: {value!r}.") from None
    if not number.is_finite():
        raise ValidationError(f"{name} must be finite.")
    return number


def _money(value, name):
    if value is None:
        raise ValidationError(f"{name} is required.")
    amount = _decimal(value, name)
    if amount < 0 or amount > MAX_MONEY or amount != amount.quantize(CENT):
        raise ValidationError(f"{name} must be an amount from 0 with at most 2 decimals.")
    return amount.quantize(CENT)


def _quantity(value):
    quantity = _decimal(value, "quantity")
    if quantity <= 0 or quantity > 999 or quantity != quantity.quantize(CENT):
        raise ValidationError("quantity must be above 0 and at most 999, with at most 2 decimals.")
    return quantity


def _rate(value, name):
    rate = _decimal(value, name)
    if rate < 0 or rate > 1 or rate != rate.quantize(Decimal("0.0001")):
        raise ValidationError(f"{name} must be between 0 and 1 with at most 4 decimals (0.0825).")
    return rate


def _integer(value, name, minimum, maximum):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise ValidationError(f"{name} must be an integer in {minimum}..{maximum}.")
    return value
