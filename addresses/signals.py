"""Extension points of the address book; ``sender`` = ``CustomerAddress``.

Arguments: customer, address_name, and customer_address (the request document) where
the spec passes it.
"""
from shopsite.hooks import extension_point

customer_addresses_before_post = extension_point("dw.ocapi.shop.customer.addresses.beforePOST")
customer_addresses_after_post = extension_point("dw.ocapi.shop.customer.addresses.afterPOST")
customer_address_before_patch = extension_point("dw.ocapi.shop.customer.address.beforePATCH")
customer_address_after_patch = extension_point("dw.ocapi.shop.customer.address.afterPATCH")
customer_address_before_delete = extension_point("dw.ocapi.shop.customer.address.beforeDELETE")
customer_address_after_delete = extension_point("dw.ocapi.shop.customer.address.afterDELETE")
