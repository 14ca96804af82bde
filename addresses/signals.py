"""Extension points of the address book; ``sender`` = ``CustomerAddress``.

Arguments: customer, address_name, and customer_address (the request document) where
the spec passes it. The two ``modify…Response`` points come with 17.8 (fired by the views for
requests of 17.8 and later) and get the response document too: customer_address_response, a
copy whose c_* changes are taken (see shopsite.hooks).
"""
from shopsite.hooks import extension_point

customer_addresses_before_post = extension_point("dw.ocapi.shop.customer.addresses.beforePOST")
customer_addresses_after_post = extension_point("dw.ocapi.shop.customer.addresses.afterPOST")
customer_address_before_patch = extension_point("dw.ocapi.shop.customer.address.beforePATCH")
customer_address_after_patch = extension_point("dw.ocapi.shop.customer.address.afterPATCH")
customer_address_before_delete = extension_point("dw.ocapi.shop.customer.address.beforeDELETE")
customer_address_after_delete = extension_point("dw.ocapi.shop.customer.address.afterDELETE")
customer_address_modify_post_response = extension_point("dw.ocapi.shop.customer.address.modifyPOSTResponse")
customer_address_modify_patch_response = extension_point("dw.ocapi.shop.customer.address.modifyPATCHResponse")
