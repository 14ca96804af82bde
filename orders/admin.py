"""Back office for baskets and orders: look them up, create test data.

Lines are edited inline; after every save the totals are recomputed by
``orders.services.container_recalculate`` (the same arithmetic as ``order_create``).
Card numbers typed into a payment instrument are stored masked only. The customer's page
shows the latest orders and baskets, from here (``customers.admin.registry``).
"""
from django import forms
from django.contrib import admin, messages

from customers.admin.display import SHOWN_RELATED, related_summary, short_time
from customers.admin.registry import register_erase_count, register_summary
from orders import services
from orders.models import (
    BILLING_ADDRESS_FIELDS,
    ORDER_ADDRESS_FIELDS,
    Basket,
    Order,
    OrderPaymentInstrument,
    ProductItem,
    Shipment,
    ShippingItem,
)

TOTALS_FIELDS = services.TOTALS
BILLING_FIELDSET = ("Billing address", {
    "fields": BILLING_ADDRESS_FIELDS,
    "description": "The documents' billing_address; left out of them while every field is blank.",
})


class LineInline(admin.TabularInline):
    extra = 0


class ProductItemInline(LineInline):
    model = ProductItem
    fields = ["product_id", "product_name", "item_text", "quantity", "base_price", "tax_rate", "shipment_id",
              "price", "tax", "item_id"]
    readonly_fields = ["price", "tax", "item_id"]


class ShipmentInline(LineInline):
    model = Shipment
    fields = ["shipment_id", "shipping_method_id", "shipping_method_name", *ORDER_ADDRESS_FIELDS]


class ShippingItemInline(LineInline):
    model = ShippingItem
    fields = ["shipment_id", "item_text", "price", "tax_rate", "tax", "item_id"]
    readonly_fields = ["tax", "item_id"]


class PaymentInstrumentForm(forms.ModelForm):
    card_number = forms.CharField(
        required=False, max_length=19, strip=True,
        help_text="Stored masked only (***1111), never in full. Leave empty to keep the current one.",
    )

    def clean_card_number(self):
        number = self.cleaned_data["card_number"]
        if number:
            self.masked = services.mask_card_number(number)
        return ""  # the full number goes no further than this form

    def save(self, commit=True):
        if getattr(self, "masked", None):
            self.instance.masked_number, self.instance.number_last_digits = self.masked
        return super().save(commit)


class PaymentInstrumentInline(LineInline):
    model = OrderPaymentInstrument
    form = PaymentInstrumentForm
    fields = ["payment_method_id", "amount", "card_type", "card_number", "masked_number", "holder",
              "expiration_month", "expiration_year", "payment_instrument_id"]
    readonly_fields = ["masked_number", "payment_instrument_id"]


def inlines_of(fk_name):
    """The four line inlines, bound to the basket or the order foreign key."""
    return [
        type(f"{inline.__name__}Of{fk_name.title()}", (inline,), {"fk_name": fk_name})
        for inline in (ProductItemInline, ShipmentInline, ShippingItemInline, PaymentInstrumentInline)
    ]


class ContainerAdmin(admin.ModelAdmin):
    """What the basket and order admins share: snapshot on save, totals after the lines."""

    date_hierarchy = "creation_date"
    list_select_related = ["site"]
    autocomplete_fields = ["customer"]
    actions = ["recalculate_totals"]

    def save_model(self, request, obj, form, change):
        if obj.customer_id is not None:
            services.customer_info_snapshot(container=obj, customer=obj.customer,
                                            email=obj.customer_email or None, customer_name=obj.customer_name or None)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.container_recalculate(container=form.instance)

    @admin.action(description="Recalculate line prices, taxes and totals", permissions=["change"])
    def recalculate_totals(self, request, queryset):
        for container in queryset:
            services.container_recalculate(container=container)
        messages.success(request, f"Totals of {len(queryset)} recalculated.")


@admin.register(Order)
class OrderAdmin(ContainerAdmin):
    list_display = ["order_no", "creation_date", "status", "customer_name", "customer_email", "customer_no",
                    "site", "currency", "order_total"]
    list_filter = ["status", "site", "creation_date", "taxation"]
    search_fields = ["order_no", "customer_no", "customer_public_id", "customer_name", "customer_email",
                     "customer__login"]
    readonly_fields = ["order_no", "customer_public_id", "customer_no", "creation_date", "last_modified",
                       *TOTALS_FIELDS]
    fieldsets = [
        (None, {"fields": ["order_no", "status", "site", "created_by", "creation_date", "last_modified"]}),
        ("Customer", {"fields": ["customer", "customer_public_id", "customer_no", "customer_name", "customer_email"],
                      "description": "customer_info: a snapshot taken from the customer on save (name and "
                                     "email as entered, else the customer's); kept if the customer is deleted."}),
        BILLING_FIELDSET,
        ("Totals (computed from the lines)", {"fields": ["currency", "taxation", *TOTALS_FIELDS]}),
        ("Custom attributes", {"fields": ["custom"], "classes": ["collapse"]}),
    ]
    inlines = inlines_of("order")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.order_no is None:
            obj.order_no = services.order_number(obj.pk)
            obj.save(update_fields=["order_no"])


@admin.register(Basket)
class BasketAdmin(ContainerAdmin):
    list_display = ["basket_id", "customer", "customer_email", "site", "currency", "order_total",
                    "creation_date", "last_modified"]
    list_filter = ["site", "creation_date", "taxation"]
    search_fields = ["basket_id", "customer_no", "customer_public_id", "customer_name", "customer_email",
                     "customer__login"]
    list_select_related = ["site", "customer"]
    readonly_fields = ["basket_id", "customer_public_id", "customer_no", "creation_date", "last_modified",
                       *TOTALS_FIELDS]
    fieldsets = [
        (None, {"fields": ["basket_id", "site", "creation_date", "last_modified"]}),
        ("Customer", {"fields": ["customer", "customer_public_id", "customer_no", "customer_name", "customer_email"]}),
        BILLING_FIELDSET,
        ("Totals (computed from the lines)", {"fields": ["currency", "taxation", *TOTALS_FIELDS]}),
        ("Custom attributes", {"fields": ["custom"], "classes": ["collapse"]}),
    ]
    inlines = inlines_of("basket")


# --- on the customer's page ------------------------------------------------------------------


@admin.display(description="orders")
def orders_summary(customer):
    orders = list(customer.orders.select_related("site").order_by("-creation_date", "-order_no")[:SHOWN_RELATED + 1])
    return related_summary(
        orders, "admin:orders_order", customer, "orders",
        ["order no", "placed", "status", "site", "total"],
        lambda order: (order.order_no, short_time(order.creation_date), order.status,
                       order.site.site_id, f"{order.order_total} {order.currency}"),
    )


@admin.display(description="baskets")
def baskets_summary(customer):
    baskets = list(customer.baskets.select_related("site").order_by("-creation_date", "-id")[:SHOWN_RELATED + 1])
    return related_summary(
        baskets, "admin:orders_basket", customer, "baskets",
        ["basket", "created", "site", "total"],
        lambda basket: (basket.basket_id, short_time(basket.creation_date),
                        basket.site.site_id, f"{basket.order_total} {basket.currency}"),
    )


register_summary("Orders and baskets", orders_summary)
register_summary("Orders and baskets", baskets_summary)
# An erase deletes the baskets and keeps the orders, detached (customers.services.customer_erase).
register_erase_count("baskets", "baskets", Basket.objects.all)
register_erase_count("orders", "orders kept", Order.objects.all)
