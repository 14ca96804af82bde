"""Basket and Order documents (the 20.4 swagger's names), as plain dicts.

The lines must be prefetched (``orders.selectors.with_lines``): these functions only read
``.all()`` of the related managers, so rendering a page costs no query of its own.
"""
from orders.models import BILLING_PREFIX, ORDER_ADDRESS_FIELDS
from shopsite.documents import document


def customer_info_document(container):
    return document("customer_info", {
        "customer_id": container.customer_public_id or None,
        "customer_name": container.customer_name or None,
        "customer_no": container.customer_no or None,
        "email": container.customer_email or None,
    })


def product_item_document(item):
    # No price adjustments in this API: the after-discount prices and taxes equal the plain ones.
    return document("product_item", {
        "adjusted_tax": item.tax,
        "base_price": item.base_price,
        "item_id": item.item_id,
        "item_text": item.item_text or None,
        "price": item.price,
        "price_after_item_discount": item.price,
        "price_after_order_discount": item.price,
        "product_id": item.product_id,
        "product_name": item.product_name or None,
        "quantity": item.quantity,
        "shipment_id": item.shipment_id,
        "tax": item.tax,
        "tax_basis": item.price,
        "tax_rate": item.tax_rate,
    })


def order_address_document(instance, prefix=""):
    """The order_address stored in ``instance``'s ``<prefix><name>`` fields: a shipment's shipping
    address, a basket's or order's billing address (``billing_``); None when it is all blank."""
    fields = {name: getattr(instance, prefix + name) or None for name in ORDER_ADDRESS_FIELDS}
    if not any(fields.values()):
        return None
    fields["full_name"] = " ".join(part for part in (fields["first_name"], fields["last_name"]) if part) or None
    return document("order_address", fields)


def shipment_document(shipment):
    method = None
    if shipment.shipping_method_id:
        method = document("shipping_method", {
            "id": shipment.shipping_method_id,
            "name": shipment.shipping_method_name or None,
        })
    return document("shipment", {
        "shipment_id": shipment.shipment_id,
        "shipping_address": order_address_document(shipment),
        "shipping_method": method,
    })


def shipping_item_document(item):
    return document("shipping_item", {
        "adjusted_tax": item.tax,
        "base_price": item.price,
        "item_id": item.item_id,
        "item_text": item.item_text or None,
        "price": item.price,
        "price_after_item_discount": item.price,
        "shipment_id": item.shipment_id,
        "tax": item.tax,
        "tax_basis": item.price,
        "tax_rate": item.tax_rate,
    })


def payment_instrument_document(payment):
    card = None
    if payment.masked_number or payment.card_type:
        card = document("payment_card", {
            "card_type": payment.card_type or None,
            "expiration_month": payment.expiration_month,
            "expiration_year": payment.expiration_year,
            "holder": payment.holder or None,
            "masked_number": payment.masked_number or None,
            "number_last_digits": payment.number_last_digits or None,
        })
    return document("order_payment_instrument", {
        "amount": payment.amount,
        "payment_card": card,
        "payment_instrument_id": payment.payment_instrument_id,
        "payment_method_id": payment.payment_method_id,
    })


def _container_fields(container):
    return {
        "adjusted_merchandize_total_tax": container.adjusted_merchandize_total_tax,
        "adjusted_shipping_total_tax": container.adjusted_shipping_total_tax,
        "billing_address": order_address_document(container, BILLING_PREFIX),
        "creation_date": container.creation_date,
        "currency": container.currency,
        "customer_info": customer_info_document(container),
        "last_modified": container.last_modified,
        "merchandize_total_tax": container.merchandize_total_tax,
        "order_total": container.order_total,
        "payment_instruments": [payment_instrument_document(p) for p in container.payment_instruments.all()],
        "product_items": [product_item_document(item) for item in container.product_items.all()],
        "product_sub_total": container.product_sub_total,
        "product_total": container.product_total,
        "shipments": [shipment_document(shipment) for shipment in container.shipments.all()],
        "shipping_items": [shipping_item_document(item) for item in container.shipping_items.all()],
        "shipping_total": container.shipping_total,
        "shipping_total_tax": container.shipping_total_tax,
        "tax_total": container.tax_total,
        "taxation": container.taxation,
    }


def basket_document(basket):
    fields = _container_fields(basket)
    fields["basket_id"] = basket.basket_id
    return document("basket", fields, basket.custom)


def order_document(order):
    """Needs ``site`` selected with the order (``site_id``)."""
    fields = _container_fields(order)
    fields.update({
        "confirmation_status": order.confirmation_status,
        "created_by": order.created_by or None,
        "order_no": order.order_no,
        "payment_status": order.payment_status,
        "shipping_status": order.shipping_status,
        "site_id": order.site.site_id,
        "status": order.status,
    })
    return document("order", fields, order.custom)
