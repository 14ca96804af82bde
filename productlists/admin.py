"""Product list back office: lists with their items inline, items with their purchases
inline, each searchable; a summary of the customer's lists on the customer's page.

Saves keep the API's rules (productlists.services): the limits of lists, items and
purchases, one gift certificate item per list, addresses of the list's own customer only.
They are checked as form errors first, and once more by the services under the customer's
row lock.
"""
from django import forms
from django.contrib import admin
from django.db.models import Count

from addresses.models import CustomerAddress
from customers.admin.display import SHOWN_RELATED, related_summary, short_time
from customers.admin.registry import register_erase_count, register_summary
from productlists import services
from productlists.models import GIFT_CERTIFICATE, ProductList, ProductListItem, ProductListItemPurchase
from shopsite import faults

CUSTOMER_SEARCH = ["customer__login", "customer__email", "customer__customer_no", "customer__customer_id"]


def form_error(check, *args):
    """A service's check as a form error."""
    try:
        check(*args)
    except faults.OcapiFault as error:
        raise forms.ValidationError(error.message) from None


class KeptForms(forms.BaseInlineFormSet):
    def kept_forms(self):
        return [form for form in self.forms if hasattr(form, "cleaned_data") and form.cleaned_data
                and not self._should_delete_form(form)]

    def count_after_save(self, rows):
        """How many rows the parent holds once the formset is saved."""
        kept = self.kept_forms()
        added = sum(1 for form in kept if form.instance.pk is None)
        deleted = sum(1 for form in self.initial_forms if self._should_delete_form(form))
        return rows.count() - deleted + added, added


class ItemFormSet(KeptForms):
    def clean(self):
        super().clean()
        kept = self.kept_forms()
        if sum(1 for form in kept if form.cleaned_data.get("type") == GIFT_CERTIFICATE) > 1:
            raise forms.ValidationError("A list holds one gift certificate item at most.")
        count, added = self.count_after_save(ProductListItem.objects.filter(product_list_id=self.instance.pk))
        if added:
            form_error(services.check_item_count, count)


class PurchaseFormSet(KeptForms):
    def clean(self):
        super().clean()
        count, added = self.count_after_save(ProductListItemPurchase.objects.filter(item_id=self.instance.pk))
        if added:
            form_error(services.check_purchase_count, count)


class ProductListItemInline(admin.TabularInline):
    model = ProductListItem
    formset = ItemFormSet
    extra = 0
    show_change_link = True
    fields = ["type", "product_id", "quantity", "priority", "public", "item_id", "creation_date"]
    readonly_fields = ["item_id", "creation_date"]


class ProductListForm(forms.ModelForm):
    """The address choices are the list's customer's addresses (known once the list is saved)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        customer_id = self.instance.customer_id if self.instance.pk else None
        for name in ("shipping_address", "post_event_shipping_address"):
            if name in self.fields:
                self.fields[name].queryset = CustomerAddress.objects.filter(customer_id=customer_id)

    def clean(self):
        cleaned = super().clean()
        customer = cleaned.get("customer")
        if customer is not None and (self.instance.pk is None or "customer" in self.changed_data):
            form_error(services.check_product_list_count, customer.product_lists.count() + 1)
        for name in ("shipping_address", "post_event_shipping_address"):
            address = cleaned.get(name)
            if address is not None and customer is not None and address.customer_id != customer.pk:
                self.add_error(name, "Choose one of the customer's own addresses.")
        return cleaned


@admin.register(ProductList)
class ProductListAdmin(admin.ModelAdmin):
    form = ProductListForm
    list_display = ["__str__", "type", "customer", "public", "item_count", "event_date", "last_modified"]
    list_filter = ["type", "public", "customer__site", "creation_date"]
    list_select_related = ["customer"]
    search_fields = ["list_id", "name", "registrant_last_name", "registrant_email", "co_registrant_last_name",
                     *CUSTOMER_SEARCH]
    search_help_text = "List id or name, a registrant's last name or email, the customer's login, email, number or id."
    autocomplete_fields = ["customer"]
    readonly_fields = ["list_id", "creation_date", "last_modified"]
    fieldsets = [
        (None, {"fields": ["customer", ("list_id", "type"), ("name", "public"), "description"]}),
        ("Event", {"fields": [("event_type", "event_date"), ("event_city", "event_state", "event_country")]}),
        ("Registrants", {"fields": [
            ("registrant_first_name", "registrant_last_name", "registrant_email", "registrant_role"),
            ("co_registrant_first_name", "co_registrant_last_name", "co_registrant_email", "co_registrant_role"),
        ]}),
        ("Shipping", {"fields": ["shipping_address", "post_event_shipping_address"],
                      "description": "The customer's own addresses (after the list is first saved)."}),
        ("More", {"fields": ["custom", ("creation_date", "last_modified")]}),
    ]
    inlines = [ProductListItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(items_count=Count("items"))

    @admin.display(description="items", ordering="items_count")
    def item_count(self, product_list):
        return product_list.items_count

    def save_model(self, request, obj, form, change):
        services.product_list_store(product_list=obj)


class PurchaseInline(admin.TabularInline):
    model = ProductListItemPurchase
    formset = PurchaseFormSet
    extra = 0
    fields = ["purchaser_name", "quantity", "order_no", "purchase_id", "creation_date"]
    readonly_fields = ["purchase_id", "creation_date"]


class ProductListItemForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        product_list = cleaned.get("product_list")
        if product_list is None:
            return cleaned
        if self.instance.pk is None or "product_list" in self.changed_data:
            form_error(services.check_item_count, product_list.items.count() + 1)
        if cleaned.get("type") == GIFT_CERTIFICATE and product_list.items.filter(
                type=GIFT_CERTIFICATE).exclude(pk=self.instance.pk).exists():
            self.add_error("type", "The list already has a gift certificate item.")
        return cleaned


@admin.register(ProductListItem)
class ProductListItemAdmin(admin.ModelAdmin):
    form = ProductListItemForm
    list_display = ["__str__", "type", "quantity", "priority", "public", "product_list", "customer",
                    "last_modified"]
    list_filter = ["type", "public", "product_list__type"]
    list_select_related = ["product_list__customer"]
    search_fields = ["item_id", "product_id", "product_list__list_id", "product_list__name",
                     *(f"product_list__{name}" for name in CUSTOMER_SEARCH)]
    autocomplete_fields = ["product_list"]
    readonly_fields = ["item_id", "creation_date", "last_modified"]
    fields = ["product_list", ("item_id", "type"), ("product_id", "quantity"), ("priority", "public"), "custom",
              ("creation_date", "last_modified")]
    inlines = [PurchaseInline]

    @admin.display(description="customer", ordering="product_list__customer")
    def customer(self, item):
        return item.product_list.customer

    def save_model(self, request, obj, form, change):
        services.product_list_item_store(item=obj)


class PurchaseForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        item = cleaned.get("item")
        if item is not None and (self.instance.pk is None or "item" in self.changed_data):
            form_error(services.check_purchase_count, item.purchases.count() + 1)
        return cleaned


@admin.register(ProductListItemPurchase)
class ProductListItemPurchaseAdmin(admin.ModelAdmin):
    form = PurchaseForm
    list_display = ["purchase_id", "purchaser_name", "quantity", "order_no", "item", "creation_date"]
    list_select_related = ["item"]
    search_fields = ["purchase_id", "purchaser_name", "order_no", "item__item_id", "item__product_id",
                     "item__product_list__list_id"]
    autocomplete_fields = ["item"]
    readonly_fields = ["purchase_id", "creation_date", "last_modified"]
    fields = ["item", "purchase_id", ("purchaser_name", "quantity"), "order_no", "custom",
              ("creation_date", "last_modified")]

    def save_model(self, request, obj, form, change):
        services.product_list_item_purchase_store(purchase=obj)


# --- on the customer's page ------------------------------------------------------------------
@admin.display(description="product lists")
def product_lists_summary(customer):
    lists = list(customer.product_lists.annotate(items_count=Count("items"))
                 .order_by("-creation_date", "-id")[:SHOWN_RELATED + 1])
    return related_summary(
        lists, "admin:productlists_productlist", customer, "product lists",
        ["list", "type", "public", "items", "created"],
        lambda product_list: (str(product_list), product_list.get_type_display(),
                              "yes" if product_list.public else "no", product_list.items_count,
                              short_time(product_list.creation_date)),
    )


register_summary("Product lists", product_lists_summary)
register_erase_count("product lists", "product lists", ProductList.objects.all)
