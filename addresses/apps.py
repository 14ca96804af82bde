from django.apps import AppConfig


class AddressesConfig(AppConfig):
    name = "addresses"
    verbose_name = "Address book"

    def ready(self):
        from addresses.documents import address_book
        from customers.documents import register_expansion

        register_expansion("addresses", "addresses", address_book)
