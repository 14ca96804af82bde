from django.apps import AppConfig


class AddressesConfig(AppConfig):
    name = "addresses"
    verbose_name = "Address book"

    def ready(self):
        from addresses.documents import embedded_address_document
        from addresses.services import ADDRESS_BOOK
        from customers.documents import register_expansion

        register_expansion("addresses", "addresses", ADDRESS_BOOK, embedded_address_document)
