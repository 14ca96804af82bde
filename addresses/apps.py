from django.apps import AppConfig


class AddressesConfig(AppConfig):
    name = "addresses"
    verbose_name = "Address book"

    def ready(self):
        from addresses.documents import embedded_address_document
        from addresses.gdpr import erase_address_book
        from addresses.selectors import ADDRESS_BOOK
        from customers.agents import register_agent_permissions
        from customers.documents import register_expansion
        from customers.personal_data import register_erase_part
        from shopsite.formats import register_xml_property_types

        register_expansion("addresses", "addresses", ADDRESS_BOOK, embedded_address_document)
        register_erase_part("addresses", erase_address_book, description="the addresses are deleted")
        register_xml_property_types(booleans={"preferred"})
        register_agent_permissions(
            "addresses",
            ("customeraddress", "view_customeraddress", "Can view customer address"),
            ("customeraddress", "add_customeraddress", "Can add customer address"),
            ("customeraddress", "change_customeraddress", "Can change customer address"),
            ("customeraddress", "delete_customeraddress", "Can delete customer address"),
        )
