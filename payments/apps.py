from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "Payment instruments"

    def ready(self):
        from customers.agents import register_agent_permissions
        from customers.documents import register_expansion
        from customers.personal_data import register_erase_part
        from payments.documents import embedded_payment_instrument_document
        from payments.gdpr import erase_payment_instruments
        from payments.selectors import INSTRUMENTS_OF
        from shopsite.formats import register_xml_property_types

        register_expansion("paymentinstruments", "payment_instruments", INSTRUMENTS_OF,
                           embedded_payment_instrument_document)
        register_erase_part("payment instruments", erase_payment_instruments,
                            description="the saved payment instruments are deleted")
        register_xml_property_types(
            integers={"expiration_month", "expiration_year", "valid_from_month", "valid_from_year"},
            objects={"payment_card", "payment_bank_account"},
        )
        register_agent_permissions(
            "payments", ("customerpaymentinstrument", "view_customerpaymentinstrument", "Can view payment instrument")
        )
