"""Building blocks of the orders tests."""


def item(product_id="P1", quantity=1, base_price="10.00", **extra):
    """A product item for order_create / basket_create."""
    return {"product_id": product_id, "product_name": f"Product {product_id}", "quantity": quantity,
            "base_price": base_price, **extra}


def orders_url(customer, prefix="/dw/shop/v16_4"):
    return f"{prefix}/customers/{customer.customer_id}/orders"


def baskets_url(customer, prefix="/dw/shop/v16_4"):
    return f"{prefix}/customers/{customer.customer_id}/baskets"
