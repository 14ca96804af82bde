from django.apps import AppConfig

ERASE_DESCRIPTION = (
    "the baskets are deleted; the orders are kept (numbers, lines and totals, for the accounts), detached from "
    "the customer, with the customer's name and email, shipping and billing names, street addresses and phones, "
    "and card holders cleared"
)


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = "Baskets and orders"

    def ready(self):
        from customers.agents import register_agent_permissions
        from customers.personal_data import register_erase_part, register_export_part
        from orders.gdpr import erase_baskets_and_orders, export_baskets, export_orders

        register_export_part("orders", export_orders)
        register_export_part("baskets", export_baskets)
        register_erase_part("baskets and orders", erase_baskets_and_orders, description=ERASE_DESCRIPTION)
        register_agent_permissions("orders", ("order", "view_order", "Can view order"),
                                   ("basket", "view_basket", "Can view basket"))
