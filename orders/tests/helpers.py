"""Building blocks of the orders tests."""
from shopsite.testing import api_url


def item(product_id="P1", quantity=1, base_price="10.00", **extra):
    """A product item for order_create / basket_create."""
    return {"product_id": product_id, "product_name": f"Product {product_id}", "quantity": quantity,
            "base_price": base_price, **extra}


def orders_url(customer, site=None):
    return api_url("customers", customer.customer_id, "orders", site=site)


def baskets_url(customer, site=None):
    return api_url("customers", customer.customer_id, "baskets", site=site)


#: A billing_address for order_create / basket_create, and its order_address document.
BILLING_ADDRESS = {"first_name": "Jane", "last_name": "Doe", "company_name": "Acme", "address1": "2 Elm St",
                   "address2": "Suite 4", "city": "Cambridge", "postal_code": "02139", "state_code": "MA",
                   "country_code": "US", "phone": "617-555-0100"}
BILLING_ADDRESS_DOCUMENT = {"_type": "order_address", **BILLING_ADDRESS, "full_name": "Jane Doe"}
#: ... and as XML: the properties sorted by name, as documents are.
BILLING_ADDRESS_XML = "<billing_address>{}</billing_address>".format("".join(
    f"<{name}>{value}</{name}>" for name, value in sorted(BILLING_ADDRESS_DOCUMENT.items()) if name != "_type"))
