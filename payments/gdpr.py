"""A customer's saved payment instruments in the GDPR erasure (customers.personal_data); the
export shows them, masked, as the customer document's ``payment_instruments`` expansion."""
from customers.models import Customer


def erase_payment_instruments(customer: Customer) -> None:
    customer.payment_instruments.all().delete()
