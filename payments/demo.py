"""Demo payment instruments of jsmith and jdoe (test card numbers, obviously fake)."""
from customers.models import Customer
from payments.masking import fingerprint
from payments.services import payment_instrument_create
from shopsite.models import default_site

DEMO_INSTRUMENTS = {
    "jsmith": [
        {"payment_method_id": "CREDIT_CARD", "c_strValue": "demo",
         "payment_card": {"card_type": "Visa", "number": "4111111111111111", "holder": "John Smith",
                          "expiration_month": 2, "expiration_year": 2030}},
    ],
    "jdoe": [
        {"payment_method_id": "CREDIT_CARD",
         "payment_card": {"card_type": "MasterCard", "number": "5555555555554444", "holder": "Jane Doe",
                          "expiration_month": 12, "expiration_year": 2029}},
        {"payment_method_id": "OCAPI_Payment_Simple", "bank_routing_number": "bankrouting3446",
         "payment_bank_account": {"holder": "Jane Doe", "number": "DEMOACCOUNT0111", "drivers_license": "DEMO0e111",
                                  "drivers_license_state_code": "MA"}},
    ],
}


def _identity(request):
    """What makes a demo instrument the same one again (so seeding twice adds nothing)."""
    card = request.get("payment_card", {}).get("number")
    account = request.get("payment_bank_account", {}).get("number")
    return {"card_number_fingerprint": fingerprint("card", card),
            "bank_account_number_fingerprint": fingerprint("bank_account", account)}


def seed(stdout):
    site = default_site()
    added = 0
    for login, requests in DEMO_INSTRUMENTS.items():
        customer = Customer.objects.filter(site=site, login_key=login).first()
        if customer is None:
            continue
        for request in requests:
            if not customer.payment_instruments.filter(payment_method_id=request["payment_method_id"],
                                                       **_identity(request)).exists():
                payment_instrument_create(customer=customer, request_document=request)
                added += 1
    stdout.write(f"  payment instruments of jsmith and jdoe ({added} added)")
