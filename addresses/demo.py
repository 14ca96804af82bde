"""Demo addresses of the demo customers jsmith and jdoe (see customers/demo.py)."""
from addresses.models import CustomerAddress
from addresses.services import address_store
from customers.models import Customer
from shopsite.models import default_site

DEMO_ADDRESSES = {
    "jsmith": [
        {"address_id": "me", "preferred": True, "salutation": "Mr.", "first_name": "John", "last_name": "Smith",
         "address1": "10 Presidential Way", "city": "Woburn", "postal_code": "01801", "state_code": "MA",
         "country_code": "US", "phone": "781-555-0100"},
        {"address_id": "work", "first_name": "John", "last_name": "Smith", "company_name": "Example Corp",
         "job_title": "Developer", "address1": "5 Wall St", "city": "Burlington", "postal_code": "01805",
         "state_code": "MA", "country_code": "US", "custom": {"c_deliveryHours": "9-17"}},
    ],
    "jdoe": [
        {"address_id": "home", "preferred": True, "salutation": "Ms.", "first_name": "Jane", "last_name": "Doe",
         "address1": "1 Example Street", "city": "London", "postal_code": "EC1A 1BB", "country_code": "GB"},
    ],
}


def seed(stdout):
    site = default_site()
    for login, addresses in DEMO_ADDRESSES.items():
        customer = Customer.objects.get(site=site, login_key=login)
        for data in addresses:
            fields = {"preferred": False, "custom": {}, **data}
            address_id = fields.pop("address_id")
            address = CustomerAddress.objects.filter(customer=customer, address_id=address_id).first()
            if address is None:
                address = CustomerAddress(customer=customer, address_id=address_id)
            for name, value in fields.items():
                setattr(address, name, value)
            address_store(address=address)
    stdout.write("  addresses: jsmith 'me' (preferred) and 'work', jdoe 'home'")
