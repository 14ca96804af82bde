"""Demo product lists of jsmith (see customers/demo.py and addresses/demo.py): a public
wish list with a public and a private item, one purchase, and a private shopping list."""
from customers.models import Customer
from productlists.models import ProductList, ProductListItem, ProductListItemPurchase
from productlists.services import product_list_item_purchase_store, product_list_item_store, product_list_store
from shopsite.models import default_site

#: (list name, its fields, [(item product id, its fields, [purchases]), ...]); names are the demo's keys.
DEMO_LISTS = {
    "jsmith": [
        ("Birthday wishes", {"type": "wish_list", "public": True, "description": "Things I would like",
                             "event_type": "birthday", "event_city": "Woburn", "event_state": "MA",
                             "event_country": "US", "registrant_first_name": "John", "registrant_last_name": "Smith",
                             "registrant_role": "birthday boy", "registrant_email": "jsmith@example.com",
                             "shipping_address": "me"},
         [("25518704M", {"quantity": 2, "priority": 1, "public": True},
           [{"purchaser_name": "Jane Doe", "quantity": 1, "order_no": ""}]),
          ("25604455M", {"quantity": 1, "priority": 2, "public": False}, [])]),
        ("Groceries", {"type": "shopping_list", "public": False}, [("apple-juice-1l", {"quantity": 6}, [])]),
    ],
}


def seed(stdout):
    site = default_site()
    for login, lists in DEMO_LISTS.items():
        customer = Customer.objects.get(site=site, login_key=login)
        for name, fields, items in lists:
            fields = dict(fields)
            address = fields.pop("shipping_address", None)
            product_list = ProductList.objects.filter(customer=customer, name=name).first() or ProductList(
                customer=customer, name=name)
            for key, value in fields.items():
                setattr(product_list, key, value)
            product_list.shipping_address = customer.addresses.filter(address_id=address).first() if address else None
            product_list_store(product_list=product_list)
            for product_id, item_fields, purchases in items:
                item = product_list.items.filter(product_id=product_id).first() or ProductListItem(
                    product_list=product_list, product_id=product_id)
                for key, value in item_fields.items():
                    setattr(item, key, value)
                product_list_item_store(item=item)
                for purchase_fields in purchases:
                    purchase = item.purchases.filter(purchaser_name=purchase_fields["purchaser_name"]).first()
                    purchase = purchase or ProductListItemPurchase(item=item)
                    for key, value in purchase_fields.items():
                        setattr(purchase, key, value)
                    product_list_item_purchase_store(purchase=purchase)
    stdout.write("  product lists: jsmith's public 'Birthday wishes' (2 items, 1 purchase) and private 'Groceries'")
