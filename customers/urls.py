"""URL patterns of the customers resource under /dw/shop/v16_4/ (and /s/{site_id}/...).

The operations later versions added are named as ``shopsite.versions.INTRODUCED`` knows them
(``customer-auth-trustedsystem``: 19.6, ``customer-password-create-reset-token``: 18.1); they
come before ``customers/{customer_id}`` so that no id is read from their paths.
"""
from django.urls import path

from customers import views

ID = "<str:customer_id>"

api_patterns = [
    path("customers", views.CustomerViewSet.as_view({"post": "register"})),
    path("customers/auth", views.CustomerAuthViewSet.as_view({"post": "obtain_token", "delete": "logout"})),
    path("customers/auth/trustedsystem", views.TrustedSystemAuthViewSet.as_view({"post": "create"}),
         name="customer-auth-trustedsystem"),
    path("customers/password_reset", views.PasswordResetViewSet.as_view({"post": "start"})),
    path("customers/password/actions/reset", views.PasswordResetViewSet.as_view({"post": "complete"})),
    path("customers/password/actions/create_reset_token",
         views.PasswordResetTokenViewSet.as_view({"post": "create_reset_token"}),
         name="customer-password-create-reset-token"),
    path(f"customers/{ID}", views.CustomerViewSet.as_view({"get": "retrieve", "patch": "partial_update"})),
    path(f"customers/{ID}/auth", views.OnBehalfViewSet.as_view({"post": "create"})),
    path(f"customers/{ID}/password", views.PasswordViewSet.as_view({"put": "change"})),
    path(f"customers/{ID}/password_reset", views.PasswordViewSet.as_view({"post": "reset_for_customer"})),
]
