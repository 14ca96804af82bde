"""Extension points of the customers resource (see shopsite.hooks for how they run).

Receivers get keyword arguments named as below and ``sender`` = ``Customer``. The last four
come with later API versions (``since`` of each) and fire for requests of those versions only.
"""
from shopsite.hooks import extension_point

# registration: the CustomerRegistration document as posted (password removed)
customer_before_post = extension_point("dw.ocapi.shop.customer.beforePost")
# customer: the new Customer; registration: as above
customer_after_post = extension_point("dw.ocapi.shop.customer.afterPost")
# auth_request_type: "guest" | "credentials" | "session" | "refresh"; customer
auth_after_auth = extension_point("dw.ocapi.shop.auth.afterAuth")
# customer, reset_token (by email or login)
customers_password_reset_after_post = extension_point("dw.ocapi.shop.customers.password_reset.afterPOST")
# customer, customer_input: the PATCH document
customer_before_patch_customer = extension_point("dw.ocapi.shop.customer.beforePatchCustomer")
customer_after_patch_customer = extension_point("dw.ocapi.shop.customer.afterPatchCustomer")
# customer, password_change_request: {"current_password", "password"} — never log it
customer_put_password = extension_point("dw.ocapi.shop.customer.putPassword")
# customer, reset_token (by customer id)
customer_password_reset_after_post = extension_point("dw.ocapi.shop.customer.password_reset.afterPOST")

# --- later versions (shopsite.hooks: fired by the views, for requests of those versions) ---
# customer_id: the customer's id, once access is granted, before the document is read (17.8);
# an error Status refuses the GET
customer_before_get = extension_point("dw.ocapi.shop.customer.beforeGET")
# customer, customer_response: a copy of the document GET answers; c_* changes are taken (18.3)
customer_modify_get_response = extension_point("dw.ocapi.shop.customer.modifyGETResponse")
# customer, registration (without the password), customer_response: POST /customers' answer (17.8)
customer_modify_post_response = extension_point("dw.ocapi.shop.customer.modifyPOSTResponse")
# customer, customer_input: the PATCH document, customer_response: PATCH's answer (17.8)
customer_modify_patch_response = extension_point("dw.ocapi.shop.customer.modifyPATCHResponse")
