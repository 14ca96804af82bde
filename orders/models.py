"""Baskets and orders of customers, with their line items (the 20.4 swagger's subset).

Nothing in the 16.4 Customers API writes them: merchants create them in the admin,
developers with ``orders.services`` (``order_create``, ``basket_create``). A basket or an
order is a *line item container*: product items, shipments, shipping items and payment
instruments, with totals kept as Decimal columns (computed by ``orders.services``).
"""
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from addresses.models import validate_country_code
from customers.models import Customer, new_public_id
from shopsite.documents import validate_custom_attributes
from shopsite.models import Site


def money(**kwargs):
    """Money columns: 12 digits, 2 decimals (rendered as JSON numbers)."""
    kwargs.setdefault("default", 0)
    return models.DecimalField(max_digits=12, decimal_places=2, **kwargs)


#: The fields of an ``order_address`` (``full_name`` aside: it is derived) and their max lengths, in
#: the order the admin shows them: a shipment's shipping address, a basket's or order's billing address.
ORDER_ADDRESS_FIELDS = {"first_name": 256, "last_name": 256, "company_name": 256, "address1": 256, "address2": 256,
                        "city": 256, "postal_code": 50, "state_code": 50, "country_code": 2, "phone": 32}
#: The billing address of a basket or an order: LineItemContainer's ``billing_<name>`` fields.
BILLING_PREFIX = "billing_"
BILLING_ADDRESS_FIELDS = tuple(BILLING_PREFIX + name for name in ORDER_ADDRESS_FIELDS)


def add_order_address(model, prefix=""):
    """Give ``model`` the (optional) columns of an order_address, named ``<prefix><name>``:
    written once, so that shipping and billing addresses cannot drift apart."""
    for name, max_length in ORDER_ADDRESS_FIELDS.items():
        validators = [validate_country_code] if name == "country_code" else []
        model.add_to_class(prefix + name, models.CharField(max_length=max_length, blank=True, validators=validators))


class Taxation(models.TextChoices):
    GROSS = "gross", "gross (prices include tax)"
    NET = "net", "net (tax added to prices)"


class LineItemContainer(models.Model):
    """What baskets and orders share: currency, taxation, totals, the customer_info snapshot,
    the billing address.

    The snapshot (customer_public_id, customer_no, customer_name, customer_email) is what
    the ``customer_info`` document shows, so an order still renders once detached from a
    deleted customer.
    """

    currency = models.CharField(max_length=3, default="USD", help_text="ISO 4217 code, e.g. USD")
    taxation = models.CharField(max_length=5, choices=Taxation.choices, default=Taxation.NET)

    product_sub_total = money()
    product_total = money()
    shipping_total = money()
    shipping_total_tax = money()
    merchandize_total_tax = money()
    adjusted_merchandize_total_tax = money()
    adjusted_shipping_total_tax = money()
    tax_total = money()
    order_total = money()

    customer_public_id = models.CharField("customer id", max_length=100, blank=True,
                                          help_text="customer_info.customer_id (snapshot)")
    customer_no = models.CharField(max_length=100, blank=True, help_text="customer_info.customer_no (snapshot)")
    customer_name = models.CharField(max_length=256, blank=True, help_text="customer_info.customer_name")
    customer_email = models.EmailField("email", max_length=256, blank=True, help_text="customer_info.email")

    custom = models.JSONField(default=dict, blank=True, help_text="c_* custom attributes",
                              validators=[validate_custom_attributes])
    creation_date = models.DateTimeField(default=timezone.now, editable=False)
    last_modified = models.DateTimeField(auto_now=True)

    # + the billing address (order_address): BILLING_ADDRESS_FIELDS, added below the class

    class Meta:
        abstract = True


add_order_address(LineItemContainer, BILLING_PREFIX)


class Basket(LineItemContainer):
    """A customer's (or a guest's) basket; deleted with its customer."""

    basket_id = models.CharField(max_length=28, unique=True, default=new_public_id, editable=False)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="baskets")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="baskets")

    class Meta:
        ordering = ["-creation_date", "-id"]
        indexes = [models.Index(fields=["customer", "-creation_date"], name="basket_customer_created")]

    def __str__(self):
        return f"basket {self.basket_id}"


class Order(LineItemContainer):
    """A placed order. Kept when its customer is deleted (GDPR erase detaches it)."""

    class Status(models.TextChoices):
        CREATED = "created"
        NEW = "new"
        OPEN = "open"
        COMPLETED = "completed"
        CANCELLED = "cancelled"
        REPLACED = "replaced"
        FAILED = "failed"

    order_no = models.CharField(max_length=100, unique=True, null=True, editable=False,
                                help_text="Zero-padded, e.g. 00001228; assigned when the order is created.")
    customer = models.ForeignKey(Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="orders")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="orders",
                             help_text="The site the order was placed on (may differ from the customer's).")
    class PaymentStatus(models.TextChoices):
        NOT_PAID = "not_paid"
        PART_PAID = "part_paid"
        PAID = "paid"

    class ShippingStatus(models.TextChoices):
        NOT_SHIPPED = "not_shipped"
        PART_SHIPPED = "part_shipped"
        SHIPPED = "shipped"

    class ConfirmationStatus(models.TextChoices):
        NOT_CONFIRMED = "not_confirmed"
        CONFIRMED = "confirmed"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CREATED, db_index=True)
    payment_status = models.CharField(max_length=12, choices=PaymentStatus.choices, default=PaymentStatus.NOT_PAID)
    shipping_status = models.CharField(max_length=12, choices=ShippingStatus.choices,
                                       default=ShippingStatus.NOT_SHIPPED)
    confirmation_status = models.CharField(max_length=13, choices=ConfirmationStatus.choices,
                                           default=ConfirmationStatus.NOT_CONFIRMED)
    created_by = models.CharField(max_length=256, default="Customer")

    class Meta:
        ordering = ["-creation_date", "-order_no"]
        indexes = [models.Index(fields=["customer", "-creation_date", "-order_no"], name="order_customer_created")]

    def __str__(self):
        return f"order {self.order_no}" if self.order_no else "new order"


# --- line items: each belongs to exactly one basket or one order ------------------------------


def _container_links(related_name):
    """The (basket, order) foreign keys of a line item; a check constraint sets exactly one."""
    return (
        models.ForeignKey(Basket, on_delete=models.CASCADE, null=True, blank=True, related_name=related_name),
        models.ForeignKey(Order, on_delete=models.CASCADE, null=True, blank=True, related_name=related_name),
    )


ONE_CONTAINER = models.Q(basket__isnull=False, order__isnull=True) | models.Q(basket__isnull=True, order__isnull=False)


class LineItem(models.Model):
    class Meta:
        abstract = True
        ordering = ["id"]  # the order they were added in
        constraints = [models.CheckConstraint(condition=ONE_CONTAINER, name="%(class)s_in_one_container")]


class ProductItem(LineItem):
    basket, order = _container_links("product_items")
    item_id = models.CharField(max_length=28, default=new_public_id, editable=False)
    product_id = models.CharField(max_length=100)
    product_name = models.CharField(max_length=256, blank=True)
    item_text = models.CharField(max_length=256, blank=True)
    # Above 0 (the smallest quantity of 2 decimals is 0.01), at most 999: as orders.services.
    quantity = models.DecimalField(max_digits=5, decimal_places=2, default=1,
                                   validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(999)])
    base_price = money(help_text="Price of one unit.")
    price = money(help_text="base_price x quantity (computed).")
    tax_rate = models.DecimalField(max_digits=5, decimal_places=4, default=0,
                                   validators=[MinValueValidator(0), MaxValueValidator(1)], help_text="e.g. 0.0825")
    tax = money(help_text="Computed from price, tax_rate and the taxation.")
    shipment_id = models.CharField(max_length=100, default="me")

    def __str__(self):
        return f"{self.quantity} x {self.product_id}"


class Shipment(LineItem):
    basket, order = _container_links("shipments")
    shipment_id = models.CharField(max_length=100, default="me")
    shipping_method_id = models.CharField(max_length=256, blank=True)
    shipping_method_name = models.CharField(max_length=256, blank=True)
    # + the shipping address (order_address): the ORDER_ADDRESS_FIELDS, added below the class

    class Meta(LineItem.Meta):
        constraints = [
            *LineItem.Meta.constraints,
            models.UniqueConstraint(fields=["basket", "shipment_id"], name="shipment_id_unique_per_basket"),
            models.UniqueConstraint(fields=["order", "shipment_id"], name="shipment_id_unique_per_order"),
        ]

    def __str__(self):
        return f"shipment {self.shipment_id}"


add_order_address(Shipment)


class ShippingItem(LineItem):
    basket, order = _container_links("shipping_items")
    item_id = models.CharField(max_length=28, default=new_public_id, editable=False)
    item_text = models.CharField(max_length=256, default="Shipping")
    shipment_id = models.CharField(max_length=100, default="me")
    price = money(help_text="Shipping cost of the shipment.")
    tax_rate = models.DecimalField(max_digits=5, decimal_places=4, default=0,
                                   validators=[MinValueValidator(0), MaxValueValidator(1)])
    tax = money(help_text="Computed from price, tax_rate and the taxation.")

    def __str__(self):
        return f"{self.item_text} of {self.shipment_id}"


class OrderPaymentInstrument(LineItem):
    """How a basket or an order is paid. Card numbers are kept masked only (``***1111``)."""

    basket, order = _container_links("payment_instruments")
    payment_instrument_id = models.CharField(max_length=28, default=new_public_id, editable=False)
    payment_method_id = models.CharField(max_length=256, help_text="e.g. CREDIT_CARD")
    amount = money()
    card_type = models.CharField(max_length=256, blank=True)
    holder = models.CharField(max_length=256, blank=True)
    masked_number = models.CharField(max_length=64, blank=True, editable=False)
    number_last_digits = models.CharField(max_length=4, blank=True, editable=False)
    expiration_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    expiration_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta(LineItem.Meta):
        verbose_name = "payment instrument"

    def __str__(self):
        return f"{self.payment_method_id} {self.masked_number}".strip()
