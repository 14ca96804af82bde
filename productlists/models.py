"""Customer product lists (wish lists, gift registries, shopping lists), their items and
the purchases recorded against the items.

There is no product catalogue: an item's ``product_id`` is stored as given, as order lines
store theirs. The database keeps what the API promises: ids unique and never blank, one
gift certificate item per list, a product item always names a product, quantities within
their bounds.
"""
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from addresses.models import CustomerAddress
from customers.models import Customer, new_public_id
from shopsite.documents import validate_custom_attributes
from shopsite.validators import validate_name

ID_MAX_LENGTH = 28  # the swagger's bound of list_id, item_id and purchase_id
PRODUCT_ID_MAX_LENGTH = 100  # the swagger's product id, as order lines store it
TEXT_MAX_LENGTH = 256
DESCRIPTION_MAX_LENGTH = 4000
QUANTITY_MAX = Decimal(999)  # as order lines; two decimals
ORDER_NO_MAX_LENGTH = 100
INT32 = (-(2**31), 2**31 - 1)

#: The swagger's enum of product list types, in its order.
LIST_TYPES = ("wish_list", "gift_registry", "shopping_list", "custom_1", "custom_2", "custom_3")
PRODUCT, GIFT_CERTIFICATE = "product", "gift_certificate"
ITEM_TYPES = (PRODUCT, GIFT_CERTIFICATE)

#: (prefix of the model fields, the document's property): the two registrants of a list.
REGISTRANTS = (("registrant_", "registrant"), ("co_registrant_", "co_registrant"))
REGISTRANT_FIELDS = ("email", "first_name", "last_name", "role")
#: The event's properties, stored as ``event_<name>`` (the date apart: a date-time).
EVENT_TEXT_FIELDS = ("city", "country", "state", "type")
#: The address references of a list: (model field, the document's link property).
ADDRESS_LINKS = (("shipping_address", "shipping_address_link"),
                 ("post_event_shipping_address", "post_event_shipping_address_link"))


def _text(verbose_name=None, *, name=False, max_length=TEXT_MAX_LENGTH):
    return models.CharField(verbose_name, max_length=max_length, blank=True,
                            validators=[validate_name] if name else [])


def _custom():
    return models.JSONField(default=dict, blank=True, help_text="c_* custom attributes",
                            validators=[validate_custom_attributes])


def _quantity(**kwargs):
    return models.DecimalField(max_digits=5, decimal_places=2,
                               validators=[MinValueValidator(0), MaxValueValidator(QUANTITY_MAX)], **kwargs)


def _address(related_name):
    # Deleting the address clears the reference: the list stays, without that address.
    return models.ForeignKey(CustomerAddress, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name=related_name,
                             help_text="One of the customer's addresses; cleared when the address is deleted.")


class ProductList(models.Model):
    """A customer's product list; ``public`` lists (and their public items) can be read by
    anyone through ``/product_lists``."""

    list_id = models.CharField("id", max_length=ID_MAX_LENGTH, unique=True, default=new_public_id, editable=False)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="product_lists")
    type = models.CharField(max_length=16, choices=[(value, value.replace("_", " ")) for value in LIST_TYPES])
    name = _text(name=True)
    description = _text(max_length=DESCRIPTION_MAX_LENGTH)
    public = models.BooleanField(default=False, help_text="Anyone may read the list and its public items.")

    event_type = _text("event type", name=True)
    event_date = models.DateTimeField("event date", null=True, blank=True)
    event_city = _text("event city", name=True)
    event_state = _text("event state", name=True)
    event_country = _text("event country", name=True)

    registrant_first_name = _text("registrant's first name", name=True)
    registrant_last_name = _text("registrant's last name", name=True)
    registrant_email = _text("registrant's email")
    registrant_role = _text("registrant's role", name=True)
    co_registrant_first_name = _text("co-registrant's first name", name=True)
    co_registrant_last_name = _text("co-registrant's last name", name=True)
    co_registrant_email = _text("co-registrant's email")
    co_registrant_role = _text("co-registrant's role", name=True)

    shipping_address = _address("+")
    post_event_shipping_address = _address("+")
    custom = _custom()

    creation_date = models.DateTimeField(default=timezone.now, editable=False)
    last_modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "product list"
        ordering = ["creation_date", "id"]
        indexes = [models.Index(fields=["customer", "creation_date"], name="product_list_of_customer")]
        constraints = [
            models.CheckConstraint(condition=models.Q(type__in=LIST_TYPES), name="product_list_type_known"),
            models.CheckConstraint(condition=~models.Q(list_id=""), name="product_list_id_not_blank"),
        ]

    def __str__(self):
        return self.name or f"{self.get_type_display()} {self.list_id}"

    @property
    def current_shipping_address(self):
        """Where gifts go now: after the event, the post-event address when there is one."""
        if self.post_event_shipping_address_id and self.event_date and self.event_date < timezone.now():
            return self.post_event_shipping_address
        return self.shipping_address


class ProductListItem(models.Model):
    """A product (by its id, as given) or a gift certificate on a list."""

    item_id = models.CharField("id", max_length=ID_MAX_LENGTH, unique=True, default=new_public_id, editable=False)
    product_list = models.ForeignKey(ProductList, on_delete=models.CASCADE, related_name="items")
    type = models.CharField(max_length=16, choices=[(PRODUCT, "product"), (GIFT_CERTIFICATE, "gift certificate")],
                            default=PRODUCT)
    product_id = models.CharField("product id", max_length=PRODUCT_ID_MAX_LENGTH, blank=True,
                                  help_text="Stored as given (there is no catalogue); product items only.")
    quantity = _quantity(default=1)
    priority = models.IntegerField(default=0, validators=[MinValueValidator(INT32[0]), MaxValueValidator(INT32[1])])
    public = models.BooleanField(default=False, help_text="Shown in the public list (when the list is public).")
    custom = _custom()

    creation_date = models.DateTimeField(default=timezone.now, editable=False)
    last_modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "product list item"
        ordering = ["creation_date", "id"]
        indexes = [models.Index(fields=["product_list", "creation_date"], name="product_list_item_of_list")]
        constraints = [
            models.CheckConstraint(condition=models.Q(type__in=ITEM_TYPES), name="product_list_item_type_known"),
            models.CheckConstraint(condition=~models.Q(item_id=""), name="product_list_item_id_not_blank"),
            models.CheckConstraint(condition=models.Q(type=GIFT_CERTIFICATE) | ~models.Q(product_id=""),
                                   name="product_list_item_names_its_product",
                                   violation_error_message="A product item needs a product id."),
            models.CheckConstraint(condition=models.Q(quantity__gte=0, quantity__lte=QUANTITY_MAX),
                                   name="product_list_item_quantity_in_range"),
            models.UniqueConstraint(fields=["product_list"], condition=models.Q(type=GIFT_CERTIFICATE),
                                    name="one_gift_certificate_item_per_list",
                                    violation_error_message="The list already has a gift certificate item."),
        ]

    def __str__(self):
        return self.product_id if self.type == PRODUCT else "gift certificate"


class ProductListItemPurchase(models.Model):
    """Someone bought ``quantity`` of an item of the list (for the list's owner to see)."""

    purchase_id = models.CharField("id", max_length=ID_MAX_LENGTH, unique=True, default=new_public_id,
                                   editable=False)
    item = models.ForeignKey(ProductListItem, on_delete=models.CASCADE, related_name="purchases")
    purchaser_name = models.CharField("purchaser's name", max_length=TEXT_MAX_LENGTH, validators=[validate_name])
    quantity = _quantity()
    order_no = models.CharField("order no", max_length=ORDER_NO_MAX_LENGTH, blank=True,
                                help_text="The order of the purchase, where known (set by the shop, not the API).")
    custom = _custom()

    creation_date = models.DateTimeField(default=timezone.now, editable=False)
    last_modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "product list item purchase"
        ordering = ["creation_date", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(purchase_id=""), name="product_list_purchase_id_not_blank"),
            models.CheckConstraint(condition=~models.Q(purchaser_name=""), name="product_list_purchaser_named"),
            models.CheckConstraint(condition=models.Q(quantity__gte=0, quantity__lte=QUANTITY_MAX),
                                   name="product_list_purchase_quantity_in_range"),
        ]

    def __str__(self):
        return f"{self.quantity} by {self.purchaser_name}"
