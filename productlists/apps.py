from django.apps import AppConfig


class ProductListsConfig(AppConfig):
    name = "productlists"
    verbose_name = "Product lists"

    def ready(self):
        from customers.agents import register_agent_permissions
        from customers.personal_data import register_erase_part, register_export_part
        from productlists.gdpr import erase_product_lists, export_product_lists, export_purchases
        from shopsite.formats import register_xml_property_types

        register_export_part("product_lists", export_product_lists)
        register_export_part("product_list_item_purchases", export_purchases)
        register_erase_part("product lists", erase_product_lists,
                            description="the product lists are deleted, with their items and purchases")
        register_xml_property_types(
            integers={"priority"}, numbers={"quantity"}, booleans={"public"},
            objects={"event", "registrant", "co_registrant", "shipping_address_link",
                     "post_event_shipping_address_link"},
        )
        # Agents look after customers' lists as they do after address books.
        register_agent_permissions("productlists", *(
            (model, f"{action}_{model}", f"Can {action} {label}")
            for model, label in (("productlist", "product list"), ("productlistitem", "product list item"),
                                 ("productlistitempurchase", "product list item purchase"))
            for action in ("view", "add", "change", "delete")
        ))
