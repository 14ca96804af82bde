"""URL patterns of the customers resource under /dw/shop/vNN_N/ (and /s/{site_id}/...).

Every pattern is named: shopsite.versions.INTRODUCED says by these names which version
brought an operation (absent: the seed's, from 16.1). The operations of later versions
(``customer-auth-trustedsystem``: 19.6, ``customer-password-create-reset-token``: 18.1) come
before ``customers/{customer_id}`` so that no id is read from their paths.
"""
from django.urls import path

from customers import views

ID = "<str:customer_id>"

api_patterns = [
    path("customers", views.CustomerViewSet.as_view({"post": "register"}), name="customers"),
    path("customers/auth", views.CustomerAuthViewSet.as_view({"post": "obtain_token", "delete": "logout"}),
         name="customer-auth"),
    path("customers/auth/trustedsystem", views.TrustedSystemAuthViewSet.as_view({"post": "create"}),
         name="customer-auth-trustedsystem"),
    path("customers/password_reset", views.PasswordResetViewSet.as_view({"post": "start"}),
         name="customer-password-reset"),
    path("customers/password/actions/reset", views.PasswordResetViewSet.as_view({"post": "complete"}),
         name="customer-password-actions-reset"),
    path("customers/password/actions/create_reset_token",
         views.PasswordResetTokenViewSet.as_view({"post": "create_reset_token"}),
         name="customer-password-create-reset-token"),
    path(f"customers/{ID}", views.CustomerViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
         name="customer"),
    path(f"customers/{ID}/auth", views.OnBehalfViewSet.as_view({"post": "create"}), name="customer-on-behalf-auth"),
    path(f"customers/{ID}/password", views.PasswordViewSet.as_view({"put": "change"}), name="customer-password"),
    path(f"customers/{ID}/password_reset", views.PasswordViewSet.as_view({"post": "reset_for_customer"}),
         name="customer-id-password-reset"),
]
