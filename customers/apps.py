from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "customers"

    def ready(self):
        from customers import checks, receivers  # noqa: F401  (the demo customers' check, the default receivers)
        from shopsite.formats import register_xml_property_types
        from shopsite.redaction import secret_after

        register_xml_property_types(integers={"gender"}, booleans={"enabled"}, objects={"customer"})
        secret_after("password-reset")  # the storefront's reset links: /password-reset/<token>/
