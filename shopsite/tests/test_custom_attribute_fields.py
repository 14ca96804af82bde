"""Every ``custom`` JSON field accepts only an object of well-named ``c_*`` attributes,
so what the admin or the shell stores is what the API could have stored."""
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from shopsite.documents import validate_custom_attributes

MODELS_WITH_CUSTOM = ["customers.Customer", "addresses.CustomerAddress", "payments.CustomerPaymentInstrument",
                      "orders.Basket", "orders.Order", "productlists.ProductList", "productlists.ProductListItem",
                      "productlists.ProductListItemPurchase"]


def test_every_custom_json_field_is_listed():
    found = sorted(
        model._meta.label for model in apps.get_models() for field in model._meta.get_fields()
        if field.name == "custom" and isinstance(field, models.JSONField)
    )
    assert found == sorted(MODELS_WITH_CUSTOM)


@pytest.mark.parametrize("label", MODELS_WITH_CUSTOM)
@pytest.mark.parametrize("value", [{"address_id": "hijack"}, {"c_bad name": 1}, {"c_": 1}, [1, 2], "c_x", 7])
def test_custom_field_refuses(label, value):
    field = apps.get_model(label)._meta.get_field("custom")
    assert validate_custom_attributes in field.validators
    with pytest.raises(ValidationError):
        field.clean(value, None)


@pytest.mark.parametrize("label", MODELS_WITH_CUSTOM)
def test_custom_field_accepts_c_attributes_of_any_json_value(label):
    field = apps.get_model(label)._meta.get_field("custom")
    value = {"c_size": [1, 2], "c_note": None, "c_Gift_Wrap2": {"on": True}}
    assert field.clean(value, None) == value
    assert field.clean({}, None) == {}
