"""The profile's properties are listed once (customers.models.WRITABLE_PROFILE_FIELDS); the
admin's layout must show each of them."""
from customers.admin.customer import PROFILE_LAYOUT
from customers.models import WRITABLE_PROFILE_FIELDS


def test_the_admin_layout_shows_every_writable_profile_property_once():
    shown = [name for row in PROFILE_LAYOUT for name in ((row,) if isinstance(row, str) else row)]
    assert sorted(shown) == sorted(WRITABLE_PROFILE_FIELDS)
