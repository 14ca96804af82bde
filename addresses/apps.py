from django.apps import AppConfig


class AddressesConfig(AppConfig):
    name = "addresses"
    verbose_name = "Address book"

    def ready(self):
        from addresses.documents import ADDRESS_BOOK, embedded_address_document
        from customers.documents import register_expansion

        register_expansion("addresses", "addresses", ADDRESS_BOOK, embedded_address_document)
