"""The back office: masked data only, read-only, deletion through the service (hooks run)."""
import pytest
from django.contrib.admin.models import LogEntry
from django.forms import CheckboxInput
from django.urls import reverse

from payments import signals
from payments.models import CustomerPaymentInstrument
from payments.tests.helpers import card_request
from shopsite.testing import hook_fault

pytestmark = pytest.mark.django_db


def customer_change_url(customer):
    return reverse("admin:customers_customer_change", args=[customer.pk])


def unchanged_form_data(response):
    """What the admin change form posts back when nothing is touched (every inline included)."""
    data = {}

    def add(form):
        for name, field in form.fields.items():
            value = form[name].value()
            if isinstance(field.widget, CheckboxInput):
                if value:
                    data[form.add_prefix(name)] = "on"
            else:
                data[form.add_prefix(name)] = "" if value is None else value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def post_deleting(admin_client, customer, *instruments):
    """Tick 'delete' on the customer page's inline rows of ``instruments`` and save."""
    url = customer_change_url(customer)
    page = admin_client.get(url)
    data = unchanged_form_data(page)
    inline = next(inline.formset for inline in page.context["inline_admin_formsets"]
                  if inline.formset.model is CustomerPaymentInstrument)
    wanted = {instrument.pk for instrument in instruments}
    for form in inline.forms:
        if form.instance.pk in wanted:
            data[form.add_prefix("DELETE")] = "on"
    return admin_client.post(url, {**data, "_continue": "1"}, follow=True)


@pytest.fixture
def instruments(customer, add_instrument, spec_request):
    return [
        add_instrument(customer, card_request(expiration_month=5, expiration_year=2026, holder="John Smith")),
        add_instrument(customer, {
            "payment_method_id": "OCAPI_Payment_Simple", "gift_certificate_code": "gift_code7",
            "payment_bank_account": {"number": "DE89370400440532013000", "drivers_license": "LIC9081726354",
                                     "drivers_license_state_code": "MA", "holder": "John Smith"},
        }),
    ]


def test_the_customer_page_shows_the_instruments_masked_and_read_only(admin_client, customer, instruments):
    response = admin_client.get(customer_change_url(customer))

    assert response.status_code == 200
    page = response.content.decode()
    assert "saved payment instruments (masked)" in page.lower()
    assert "Visa ************1111 John Smith exp. 05/2026" in page
    assert "******************3000 John Smith licence *********6354 MA" in page
    assert "******ode7" in page
    for instrument in instruments:
        assert instrument.payment_instrument_id in page
        for fingerprint in (instrument.card_number_fingerprint, instrument.bank_account_number_fingerprint,
                            instrument.gift_certificate_code_fingerprint):
            assert not fingerprint or fingerprint not in page
    inline = next(i for i in response.context["inline_admin_formsets"]
                  if i.formset.model is CustomerPaymentInstrument)
    assert [name for name in inline.formset.forms[0].fields if name not in ("id", "customer", "DELETE")] == []
    assert inline.formset.can_delete and not inline.has_add_permission


def test_a_merchant_deletes_an_instrument_on_the_customer_page(admin_client, customer, instruments, connect):
    calls = []
    connect(signals.customer_before_delete_payment_instrument,
            lambda sender, payment_instrument_id, **kwargs: calls.append(("before", payment_instrument_id)))
    connect(signals.customer_after_delete_payment_instrument,
            lambda sender, payment_instrument_id, **kwargs: calls.append(("after", payment_instrument_id)))
    deleted, kept = instruments

    response = post_deleting(admin_client, customer, deleted)

    assert response.status_code == 200
    assert list(customer.payment_instruments.all()) == [kept]
    assert calls == [("before", deleted.payment_instrument_id), ("after", deleted.payment_instrument_id)]
    assert "Deleted payment instrument" in LogEntry.objects.latest("action_time").get_change_message()


def test_a_refusing_hook_keeps_the_instrument_and_tells_the_merchant(admin_client, customer, instruments, connect):
    connect(signals.customer_before_delete_payment_instrument,
            hook_fault("PSP_DOWN", "The card vault is unreachable."))
    refused = instruments[0]

    response = post_deleting(admin_client, customer, refused)

    assert response.status_code == 200
    assert customer.payment_instruments.count() == 2
    shown = [str(message) for message in response.context["messages"]]
    assert (f"Payment instrument {refused.payment_instrument_id} was not deleted: The card vault is unreachable."
            in shown)
    assert "Deleted" not in LogEntry.objects.latest("action_time").get_change_message()


def test_the_instrument_list_is_masked_and_searchable(admin_client, customer, make_customer, instruments,
                                                      add_instrument):
    elsewhere = add_instrument(make_customer(login="other"))  # the same card, another customer
    url = reverse("admin:payments_customerpaymentinstrument_changelist")

    page = admin_client.get(url).content.decode()
    by_digits = admin_client.get(url, {"q": "3000"}).context["cl"].result_list
    same_card = admin_client.get(url, {"q": instruments[0].card_number_fingerprint}).context["cl"].result_list

    assert "Visa ************1111 John Smith exp. 05/2026" in page
    assert f"?q={instruments[0].card_number_fingerprint}" in page  # the "same card" link
    assert list(by_digits) == [instruments[1]]
    assert {instrument.pk for instrument in same_card} == {instruments[0].pk, elsewhere.pk}


def test_instruments_cannot_be_added_or_edited_in_the_admin(admin_client, instruments):
    instrument = instruments[0]
    change = admin_client.get(reverse("admin:payments_customerpaymentinstrument_change", args=[instrument.pk]))

    assert admin_client.get(reverse("admin:payments_customerpaymentinstrument_add")).status_code == 403
    assert change.status_code == 200
    assert change.context["has_change_permission"] is False
    assert "************1111" in change.content.decode()
    changelist = admin_client.get(reverse("admin:payments_customerpaymentinstrument_changelist"))
    assert changelist.context["action_form"] is None  # no bulk "delete selected": one at a time, via the service


def test_deleting_from_the_instrument_page_runs_the_service(admin_client, customer, instruments, connect):
    calls = []
    connect(signals.customer_after_delete_payment_instrument,
            lambda sender, payment_instrument_id, **kwargs: calls.append(payment_instrument_id))
    instrument = instruments[0]
    url = reverse("admin:payments_customerpaymentinstrument_delete", args=[instrument.pk])

    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not CustomerPaymentInstrument.objects.filter(pk=instrument.pk).exists()
    assert calls == [instrument.payment_instrument_id]


def test_a_refused_deletion_from_the_instrument_page_is_reported(admin_client, customer, instruments, connect):
    connect(signals.customer_after_delete_payment_instrument,
            hook_fault("PSP_DOWN", "The card vault is unreachable."))
    instrument = instruments[0]

    response = admin_client.post(reverse("admin:payments_customerpaymentinstrument_delete", args=[instrument.pk]),
                                 {"post": "yes"}, follow=True)

    assert CustomerPaymentInstrument.objects.filter(pk=instrument.pk).exists()
    assert response.redirect_chain[-1][0] == reverse("admin:payments_customerpaymentinstrument_change",
                                                     args=[instrument.pk])
    assert ("The payment instrument was not deleted: The card vault is unreachable."
            in [str(message) for message in response.context["messages"]])
    assert not LogEntry.objects.filter(object_id=str(instrument.pk), action_flag=3).exists()
