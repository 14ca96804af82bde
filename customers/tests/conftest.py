"""Fixtures of the customer back-office tests: a customer with everything a shop stores."""
import pytest

FULL_CARD_NUMBER = "4111111111111111"


@pytest.fixture
def full_customer(make_customer, jwt_for):
    """jsmith with a profile, two addresses, a saved card, an order (shipped, paid by card),
    a basket and a live token."""
    from addresses.models import CustomerAddress
    from orders.services import basket_create, order_create
    from payments.services import payment_instrument_create

    customer = make_customer(
        login="jsmith", email="john.smith@example.com", first_name="John", last_name="Smith",
        phone_mobile="+1 555 0100", birthday="1980-02-03", gender=1, company_name="ACME",
        custom={"c_loyalty": "gold"},
    )
    customer.refresh_from_db()
    CustomerAddress.objects.create(customer=customer, address_id="home", first_name="John", last_name="Smith",
                                   address1="5 Wall St", city="Burlington", postal_code="01805", country_code="US",
                                   preferred=True)
    CustomerAddress.objects.create(customer=customer, address_id="work", last_name="Smith", address1="1 Main St",
                                   city="Boston", country_code="US")
    payment_instrument_create(customer=customer, request_document={
        "payment_method_id": "CREDIT_CARD",
        "payment_card": {"card_type": "Visa", "number": FULL_CARD_NUMBER, "holder": "John Smith",
                         "expiration_month": 2, "expiration_year": 2030},
    })
    address = {"first_name": "John", "last_name": "Smith", "address1": "5 Wall St", "city": "Burlington",
               "postal_code": "01805", "state_code": "MA", "country_code": "US", "phone": "781-555-0100"}
    order_create(
        customer=customer,
        items=[{"product_id": "P1", "product_name": "Shirt", "quantity": 2, "base_price": "10.00"}],
        shipments=[{"shipment_id": "me", "shipping_address": address}], billing_address=address,
        payment_instruments=[{"payment_method_id": "CREDIT_CARD", "holder": "John Smith", "card_type": "Visa",
                              "number": FULL_CARD_NUMBER}],
    )
    basket_create(customer=customer, items=[{"product_id": "P2", "base_price": "5.00"}])
    jwt_for(customer)
    return customer


@pytest.fixture
def staff_client(client, db):
    """A logged-in staff user with the given permissions: staff_client("customers.change_customer", ...)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    def make(*permissions):
        user = get_user_model().objects.create_user("staff", "staff@example.com", "staff-password-1", is_staff=True)
        for name in permissions:
            app_label, codename = name.split(".")
            user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        client.force_login(user)
        return client

    return make
