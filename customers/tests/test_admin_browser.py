"""The back office in a real browser: Debian's headless Chromium driven by Playwright,
against pytest-django's live server (static files served, so pages are styled).

Skipped, with the reason, where /usr/bin/chromium or Playwright is missing (root
conftest). Screenshots go to test-artifacts/screenshots/ (git-ignored); two of them are
copied by hand into docs/ for the README.
"""
import datetime
import os

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from conftest import CHROMIUM
from customers.models import Customer
from customers.tests.conftest import FULL_CARD_NUMBER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOTS = settings.BASE_DIR / "test-artifacts" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}
TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls of the tests
    # themselves are synchronous and safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def http_live_server(request):
    """pytest-django's live server, serving plain HTTP: SecurityMiddleware reads
    SECURE_SSL_REDIRECT once, when the server thread builds its handler, so it must be off
    then (tests ask for this fixture, never ``live_server`` itself, which would start first)."""
    with override_settings(SECURE_SSL_REDIRECT=False):
        return request.getfixturevalue("live_server")


@pytest.fixture
def page(browser, http_live_server, settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False  # plain HTTP
    context = browser.new_context(base_url=http_live_server.url, viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def admin_page(page, admin_user):
    """Logged in through the admin's login form."""
    page.goto("/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    assert "Site administration" in page.title()
    return page


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name))


def message(page):
    return page.inner_text("ul.messagelist")


@pytest.fixture
def shop(make_customer, full_customer):
    """A few more customers, so the list looks like a shop's; jsmith is locked out."""
    for login, first, last, email in [("jdoe", "Jane", "Doe", "jane.doe@example.com"),
                                      ("mmuller", "Max", "Müller", "max@example.de"),
                                      ("lrossi", "Lucia", "Rossi", "lucia.rossi@example.it"),
                                      ("akim", "Ahn", "Kim", "ahn.kim@example.kr")]:
        make_customer(login=login, first_name=first, last_name=last, email=email,
                      last_login_time=timezone.now() - datetime.timedelta(days=len(login)))
    Customer.objects.filter(pk=full_customer.pk).update(
        failed_login_count=6, locked_until=timezone.now() + datetime.timedelta(minutes=30))
    return full_customer


def test_find_a_customer_unlock_it_and_see_only_the_masked_card(admin_page, shop):
    page = admin_page
    page.goto("/admin/customers/customer/")
    header_colour = page.evaluate("getComputedStyle(document.querySelector('#header')).backgroundColor")
    assert header_colour not in ("", "rgba(0, 0, 0, 0)")  # the admin's CSS was served
    assert page.locator("#result_list tbody tr").count() == 5
    page.click("#toggle-nav-sidebar")  # room for every column at 1280 pixels (remembered by the browser)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "customer-list.png")

    page.fill("#searchbar", "john.smith@example.com")
    page.press("#searchbar", "Enter")
    page.wait_for_url("**/admin/customers/customer/?q=*")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1 and "jsmith" in rows.inner_text()

    rows.locator("a", has_text="jsmith").click()
    page.wait_for_selector("div.customer-tools")
    assert page.locator("h2", has_text="jsmith").count() == 1
    assert "************1111" in page.inner_text("body")
    assert FULL_CARD_NUMBER not in page.content()
    screenshot(page, "customer-change.png")

    page.click("button[data-action=unlock]")
    page.wait_for_selector("ul.messagelist")
    assert "1 customer(s) unlocked." in message(page)
    assert page.locator("button[data-action=unlock]").count() == 0
    shop.refresh_from_db()
    assert not shop.is_locked and shop.failed_login_count == 0


def test_reset_email_action_from_the_list(admin_page, customer):
    page = admin_page
    page.goto("/admin/customers/customer/")
    page.check(f"input[name=_selected_action][value='{customer.pk}']")
    page.select_option("select[name=action]", "send_password_reset")
    page.click("button[name=index]")
    page.wait_for_selector("ul.messagelist")
    assert "Password reset email queued for 1 customer(s)." in message(page)

    [email] = mail.outbox
    assert email.to == ["jsmith@example.com"] and "/account/password-reset/" in email.body


def test_erase_a_customer(admin_page, full_customer):
    page = admin_page
    page.goto(f"/admin/customers/customer/{full_customer.pk}/change/")
    page.click("a[data-action=erase]")
    page.wait_for_selector("body.erase-confirmation")
    assert "cannot be undone" in page.inner_text("#content")
    screenshot(page, "customer-erase-confirmation.png")

    page.click("input[type=submit][value='Yes, erase 1 customer']")
    page.wait_for_selector("ul.messagelist")
    assert "The personal data of 1 customer(s) was erased." in message(page)
    assert page.input_value("#id_login") == f"erased-{full_customer.customer_id}"
    full_customer.refresh_from_db()
    assert full_customer.email == "" and not full_customer.enabled and not full_customer.addresses.exists()
