"""PUT /customers/{id}/password and the password reset operations and page."""
import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from customers.models import Customer, CustomerToken, PasswordResetToken
from customers.signals import (
    customer_password_reset_after_post,
    customer_put_password,
    customers_password_reset_after_post,
)
from shopsite.hooks import Status
from shopsite.testing import api_url, connected, fault_of, hook_fault

pytestmark = pytest.mark.django_db
PUT_POINT = "dw.ocapi.shop.customer.putPassword"


def password_url(customer):
    return api_url("customers", customer.customer_id, "password")


def put_password(api, customer, current="12345!aBcD", new="N3w-passw0rd!", **extra):
    return api.put(password_url(customer), {"current_password": current, "password": new}, format="json", **extra)


def test_change_password(as_customer, customer, jwt_for):
    other_token = jwt_for(customer)
    response = put_password(as_customer, customer)
    assert response.status_code == 204 and response.content == b""
    customer.refresh_from_db()
    assert customer.check_password("N3w-passw0rd!") and not customer.check_password("12345!aBcD")
    # the presented token lives on, every other one is revoked
    assert as_customer.get(api_url("customers", customer.customer_id)).status_code == 200
    assert CustomerToken.objects.active().count() == 1
    as_customer.credentials(HTTP_AUTHORIZATION=f"Bearer {other_token}")
    assert as_customer.get(api_url("customers", customer.customer_id)).status_code == 401


def test_change_password_by_post_with_method_override(as_customer, customer):
    response = as_customer.post(password_url(customer), {"current_password": "12345!aBcD", "password": "N3w-passw0rd!"},
                                format="json", HTTP_X_DW_HTTP_METHOD_OVERRIDE="PUT")
    assert response.status_code == 204


def test_empty_new_password_is_exactly_the_spec_sample(as_customer, customer):
    assert fault_of(put_password(as_customer, customer, new=""), 400) == {
        "type": "HookStatusException",
        "message": f"Error in ExtensionPoint '{PUT_POINT}'!",
        "arguments": {"extensionPoint": PUT_POINT, "statusCode": "The new password is empty.",
                      "statusMessage": "The new password is empty."},
    }


@pytest.mark.parametrize("current,new",
                         [("wrong", "N3w-passw0rd!"), ("12345!aBcD", "short"), ("12345!aBcD", "123456789")])
def test_change_failures_are_put_password_hook_faults(as_customer, customer, current, new):
    fault = fault_of(put_password(as_customer, customer, current=current, new=new), 400)
    assert fault["type"] == "HookStatusException" and fault["arguments"]["extensionPoint"] == PUT_POINT
    customer.refresh_from_db()
    assert customer.check_password("12345!aBcD")


def test_put_password_receiver_can_take_over(as_customer, customer):
    seen = {}

    def external(sender, customer, password_change_request, **kwargs):
        seen.update(password_change_request)
        return Status.ok()

    with connected(customer_put_password, external):
        assert put_password(as_customer, customer).status_code == 204
    assert seen == {"current_password": "12345!aBcD", "password": "N3w-passw0rd!"}
    customer.refresh_from_db()
    assert customer.check_password("12345!aBcD")  # changed elsewhere, not here


def test_change_password_clears_the_lockout(as_customer, customer):
    Customer.objects.filter(pk=customer.pk).update(failed_login_count=4)
    put_password(as_customer, customer)
    customer.refresh_from_db()
    assert customer.failed_login_count == 0


# --- reset ----------------------------------------------------------------------------
RESET = api_url("customers", "password_reset")


def _link_token():
    (message,) = mail.outbox
    return re.search(r"/account/password-reset/([^/]+)/", message.body).group(1)


def test_reset_by_email_sends_a_link(api, customer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(RESET, {"identification": "JSMITH@example.com", "type": "email"}, format="json")
    assert response.status_code == 204
    assert mail.outbox[0].to == ["jsmith@example.com"]
    token = _link_token()
    stored = PasswordResetToken.objects.get()
    assert token not in stored.token_hash and stored.customer == customer


def test_reset_by_login(api, customer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post(RESET, {"identification": "jsmith", "type": "login"}, format="json").status_code == 204
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("identification", ["nobody@example.com", "shared@example.com"])
def test_reset_answers_204_and_does_nothing_unless_exactly_one_matches(api, make_customer, identification):
    make_customer("a", email="shared@example.com")
    make_customer("b", email="shared@example.com")
    with connected(customers_password_reset_after_post, hook_fault()) as receiver:
        response = api.post(RESET, {"identification": identification, "type": "email"}, format="json")
    assert response.status_code == 204  # (the request wrote a decoy token of no customer: the same work)
    assert receiver.calls == [] and not PasswordResetToken.objects.filter(customer__isnull=False).exists()
    assert mail.outbox == []


@pytest.mark.parametrize("body", [{"identification": "x", "type": "phone"}, {"type": "email"},
                                  {"identification": 5, "type": "login"}])
def test_reset_with_a_bad_document(api, body):
    assert fault_of(api.post(RESET, body, format="json"), 400)["type"] == "PropertyConstraintViolationException"


def test_reset_hook_error_is_a_hook_status_fault(api, customer):
    fail = hook_fault("EXT_PW_CHANGE_FAIL", "Password reset not successful in external system.")
    with connected(customers_password_reset_after_post, fail):
        response = api.post(RESET, {"identification": "jsmith", "type": "login"}, format="json")
    assert fault_of(response, 400) == {
        "type": "HookStatusException",
        "message": "Error in ExtensionPoint 'dw.ocapi.shop.customers.password_reset.afterPOST'!",
        "arguments": {"extensionPoint": "dw.ocapi.shop.customers.password_reset.afterPOST",
                      "statusCode": "EXT_PW_CHANGE_FAIL",
                      "statusMessage": "Password reset not successful in external system."},
    }
    assert not PasswordResetToken.objects.exists() and mail.outbox == []


def test_reset_by_customer_id(as_customer, customer, django_capture_on_commit_callbacks):
    tokens = []

    def receiver(sender, customer, reset_token, **kwargs):
        tokens.append(reset_token)

    with connected(customer_password_reset_after_post, receiver), \
            django_capture_on_commit_callbacks(execute=True):
        response = as_customer.post(api_url("customers", customer.customer_id, "password_reset"))
    assert response.status_code == 204
    assert tokens == [_link_token()]


def _start_reset(api):
    from customers.services import password_reset_token_create

    return password_reset_token_create(customer=Customer.objects.get(login="jsmith"))


def test_reset_page_sets_the_password_once(client, customer):
    token = _start_reset(client)
    page = client.get(f"/account/password-reset/{token}/")
    assert page.status_code == 200 and b"new_password" in page.content
    assert page.cookies["dwsid"].value
    done = client.post(f"/account/password-reset/{token}/", {"new_password": "Br4nd-new-pass"})
    assert done.status_code == 200 and b"has been changed" in done.content
    customer.refresh_from_db()
    assert customer.check_password("Br4nd-new-pass")
    again = client.post(f"/account/password-reset/{token}/", {"new_password": "An0ther-pass!"})
    assert again.status_code == 400
    customer.refresh_from_db()
    assert customer.check_password("Br4nd-new-pass")


def test_reset_token_expires(client, customer):
    token = _start_reset(client)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):
        assert client.post(f"/account/password-reset/{token}/", {"new_password": "Br4nd-new-pass"}).status_code == 400


def test_reset_page_applies_the_policy(client, customer):
    token = _start_reset(client)
    response = client.post(f"/account/password-reset/{token}/", {"new_password": "short"})
    assert response.status_code == 400
    assert PasswordResetToken.objects.get().used_at is None


def test_headless_reset_completion(api, customer, jwt_for):
    old_token = jwt_for(customer)
    token = _start_reset(api)
    url = api_url("customers", "password", "actions", "reset")
    body = {"reset_token": token, "new_password": "Br4nd-new-pass", "login": "jsmith"}
    assert api.post(url, body, format="json").status_code == 204
    assert fault_of(api.post(url, body, format="json"), 400)["type"] == "InvalidResetTokenException"
    customer.refresh_from_db()
    assert customer.check_password("Br4nd-new-pass")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {old_token}")
    assert api.get(api_url("customers", customer.customer_id)).status_code == 401


def test_headless_reset_with_a_wrong_login(api, customer):
    token = _start_reset(api)
    body = {"reset_token": token, "new_password": "Br4nd-new-pass", "login": "someoneelse"}
    response = api.post(api_url("customers", "password", "actions", "reset"), body, format="json")
    assert fault_of(response, 400)["type"] == "InvalidResetTokenException"
