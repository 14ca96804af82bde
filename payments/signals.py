"""Extension points of saved payment instruments; ``sender`` = ``CustomerPaymentInstrument``.

Arguments: customer, and payment_instrument (the request document, with the full
numbers already replaced by their masked forms) or payment_instrument_id.
"""
from shopsite.hooks import extension_point

customer_before_post_payment_instrument = extension_point("dw.ocapi.shop.customer.beforePostPaymentInstrument")
customer_after_post_payment_instrument = extension_point("dw.ocapi.shop.customer.afterPostPaymentInstrument")
customer_before_delete_payment_instrument = extension_point("dw.ocapi.shop.customer.beforeDeletePaymentInstrument")
customer_after_delete_payment_instrument = extension_point("dw.ocapi.shop.customer.afterDeletePaymentInstrument")
