"""``{% load shopsite_text %}``: ``{{ customer.first_name|one_line }}`` in plain-text templates."""
from django import template

from shopsite import validators

register = template.Library()
register.filter("one_line", validators.one_line)
