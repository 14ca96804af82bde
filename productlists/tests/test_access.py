"""Access control of a customer's product lists: the shared cases of customers/tests/access_cases.py,
for every operation under /customers/{id}/product_lists."""
from functools import partial

from customers.tests.access_cases import CustomerResourceAccessCases
from customers.tests.access_cases import Operation as SharedOperation
from productlists.models import ProductList, ProductListItem, ProductListItemPurchase
from productlists.tests.helpers import PRODUCT_LISTS_VERSION

Operation = partial(SharedOperation, version=PRODUCT_LISTS_VERSION)
GUEST_HAS_NONE = (400, "InvalidCustomerException")
GUEST_FINDS_NONE = (404, "CustomerProductListNotFoundException")


def wishes(customer):
    """A list with an item and a purchase (for guests too: stored, but never shown to them)."""
    product_list = ProductList.objects.create(customer=customer, type="wish_list", name="Wishes")
    item = ProductListItem.objects.create(product_list=product_list, product_id="P1")
    purchase = ProductListItemPurchase.objects.create(item=item, purchaser_name="Jane Doe", quantity=1)
    return {"list": product_list.list_id, "item": item.item_id, "purchase": purchase.purchase_id}


LIST, ITEM = "product_lists/{list}", "product_lists/{list}/items/{item}"


class TestProductListAccess(CustomerResourceAccessCases):
    operations = [
        Operation("get", "product_lists", setup=wishes),
        Operation("post", "product_lists", body=lambda: {"type": "wish_list", "name": "New"},
                  answers={"guest": GUEST_HAS_NONE}),
        Operation("get", LIST, setup=wishes, answers={"guest": GUEST_FINDS_NONE}),
        Operation("patch", LIST, setup=wishes, body=lambda: {"name": "Renamed"}, answers={"guest": GUEST_HAS_NONE}),
        Operation("delete", LIST, setup=wishes, succeeds=204, answers={"guest": GUEST_HAS_NONE}),
        Operation("get", f"{LIST}/items", setup=wishes, answers={"guest": GUEST_FINDS_NONE}),
        Operation("post", f"{LIST}/items", setup=wishes, body=lambda: {"type": "product", "product_id": "P2"},
                  answers={"guest": GUEST_HAS_NONE}),
        Operation("get", ITEM, setup=wishes, answers={"guest": GUEST_FINDS_NONE}),
        Operation("patch", ITEM, setup=wishes, body=lambda: {"quantity": 3}, answers={"guest": GUEST_HAS_NONE}),
        Operation("delete", ITEM, setup=wishes, succeeds=204, answers={"guest": GUEST_HAS_NONE}),
        Operation("get", f"{ITEM}/purchases", setup=wishes, answers={"guest": GUEST_FINDS_NONE}),
        Operation("post", f"{ITEM}/purchases", setup=wishes, body=lambda: {"purchaser_name": "Joe", "quantity": 1},
                  answers={"guest": GUEST_HAS_NONE}),
        Operation("get", f"{ITEM}/purchases/{{purchase}}", setup=wishes, answers={"guest": GUEST_FINDS_NONE}),
        Operation("patch", f"{ITEM}/purchases/{{purchase}}", setup=wishes, body=lambda: {"c_note": "thanks"},
                  answers={"guest": GUEST_HAS_NONE}),
    ]
