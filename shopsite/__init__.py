"""shopsite: the OCAPI Shop API 16.4 Customers resource on Django."""

OCAPI_VERSION = "16.4"
