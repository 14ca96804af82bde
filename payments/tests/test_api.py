"""The four operations as a storefront sees them: documents, faults, guests, formats."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from payments.models import CustomerPaymentInstrument
from payments.tests.helpers import card_request, instruments_url, stored_count
from shopsite.testing import api_url, fault_of

pytestmark = pytest.mark.django_db


def not_found(instrument_id):
    return {
        "type": "PaymentInstrumentNotFoundException",
        "message": f"The payment instrument with uuid '{instrument_id}' was not found.",
        "arguments": {"paymentInstrumentId": instrument_id},
    }


# --- POST ---------------------------------------------------------------------------------


def test_post_answers_the_spec_sample_document(as_customer, customer, spec_request):
    response = as_customer.post(instruments_url(customer), spec_request, format="json")

    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "no-cache,no-store,must-revalidate"
    body = response.json()
    instrument_id = body["payment_instrument_id"]
    assert body == {
        "_v": "16.4",
        "_type": "customer_payment_instrument",
        "bank_routing_number": "bankrouting3776",
        "gift_certificate_code_masked": "******ode7",
        "payment_bank_account": {"_type": "payment_bank_account"},
        "payment_card": {
            "_type": "payment_card",
            "card_type": "MasterCard",
            "credit_card_expired": False,
            "expiration_month": 7,
            "expiration_year": 2027,
            "holder": "Joe Doe",
            "issue_number": "i117",
            "masked_number": "***4567",
            "number_last_digits": "4567",
            "valid_from_month": 8,
            "valid_from_year": 2007,
        },
        "payment_method_id": "OCAPI_Payment_Simple",
        "payment_instrument_id": instrument_id,
        "c_strValue": "custom value 7",
    }
    assert len(instrument_id) == 26 and instrument_id.isalnum()
    stored = CustomerPaymentInstrument.objects.get()
    assert (stored.customer, stored.payment_instrument_id) == (customer, instrument_id)
    assert (stored.card_masked_number, stored.card_number_last_digits) == ("***4567", "4567")
    assert stored.gift_certificate_code_masked == "******ode7"
    assert stored.custom == {"c_strValue": "custom value 7"}


def test_post_with_a_bank_account_masks_account_and_licence(as_customer, customer):
    response = as_customer.post(instruments_url(customer), {
        "payment_method_id": "OCAPI_Payment_Simple",
        "payment_bank_account": {"holder": "Joe Doe", "number": "bankaccount111", "drivers_license": "license0e111",
                                 "drivers_license_state_code": "MA"},
    }, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["payment_bank_account"] == {
        "_type": "payment_bank_account",
        "drivers_license_last_digits": "e111",
        "drivers_license_state_code": "MA",
        "holder": "Joe Doe",
        "masked_drivers_license": "********e111",
        "masked_number": "**********t111",
        "number_last_digits": "t111",
    }
    assert body["payment_card"] == {"_type": "payment_card", "credit_card_expired": False}


def test_values_of_four_characters_or_fewer_are_masked_entirely(as_customer, customer):
    response = as_customer.post(instruments_url(customer), {
        "payment_method_id": "CREDIT_CARD", "gift_certificate_code": "gc12",
        "payment_card": {"number": "1234"}, "payment_bank_account": {"number": "A1", "drivers_license": "X"},
    }, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["payment_card"] == {"_type": "payment_card", "credit_card_expired": False, "masked_number": "****"}
    assert body["payment_bank_account"] == {"_type": "payment_bank_account", "masked_number": "**",
                                            "masked_drivers_license": "*"}
    assert body["gift_certificate_code_masked"] == "****"


def test_expired_cards_are_accepted_and_flagged(as_customer, customer):
    # The clock says 2026-06-15: May 2026 is over, June 2026 is not.
    expired = as_customer.post(instruments_url(customer), card_request(expiration_month=5, expiration_year=2026),
                               format="json")
    current = as_customer.post(instruments_url(customer), card_request(expiration_month=6, expiration_year=2026),
                               format="json")

    assert expired.status_code == 200, expired.content
    assert expired.json()["payment_card"]["credit_card_expired"] is True
    assert current.json()["payment_card"]["credit_card_expired"] is False


def test_an_oauth_server_may_add_for_any_customer(as_server, customer):
    response = as_server.post(instruments_url(customer), card_request(), format="json")

    assert response.status_code == 200, response.content
    assert customer.payment_instruments.get().card_masked_number == "************1111"


def test_post_on_a_named_site_and_with_case_insensitive_resource_names(as_customer, customer):
    url = f"/s/SiteGenesis/dw/shop/v16_4/Customers/{customer.customer_id}/Payment_Instruments"
    response = as_customer.post(url, card_request(), format="json")

    assert response.status_code == 200, response.content
    assert stored_count() == 1


# --- faults (the access control every operation shares: test_access.py) ------------------------


@pytest.fixture
def other(make_customer):
    return make_customer(login="other")


def test_patch_is_not_an_operation_of_the_resource(as_customer, customer, add_instrument):
    instrument = add_instrument(customer)
    response = as_customer.patch(instruments_url(customer, instrument.payment_instrument_id), {}, format="json")
    assert fault_of(response, 405)["type"] == "MethodNotAllowedException"


# --- GET one --------------------------------------------------------------------------------


def test_get_one_answers_the_stored_document(as_customer, customer, spec_request):
    posted = as_customer.post(instruments_url(customer), spec_request, format="json").json()

    response = as_customer.get(instruments_url(customer, posted["payment_instrument_id"]))

    assert response.status_code == 200, response.content
    assert response.json() == posted


def test_get_unknown_instrument_is_payment_instrument_not_found(as_customer, customer):
    response = as_customer.get(instruments_url(customer, "cdmh6iWbObcXUaaadkPA7ydxnr"))
    assert fault_of(response, 404) == not_found("cdmh6iWbObcXUaaadkPA7ydxnr")


def test_another_customers_instrument_is_not_found_even_for_a_server(as_server, customer, other, add_instrument):
    instrument = add_instrument(other)
    instrument_id = instrument.payment_instrument_id

    assert fault_of(as_server.get(instruments_url(customer, instrument_id)), 404) == not_found(instrument_id)
    assert fault_of(as_server.delete(instruments_url(customer, instrument_id)), 404) == not_found(instrument_id)
    assert other.payment_instruments.count() == 1


def test_instrument_ids_are_case_sensitive(as_customer, customer, add_instrument):
    instrument_id = add_instrument(customer).payment_instrument_id
    changed = instrument_id.swapcase()
    assert fault_of(as_customer.get(instruments_url(customer, changed)), 404) == not_found(changed)


# --- list -----------------------------------------------------------------------------------


def test_list_answers_the_result_document(as_customer, customer, add_instrument, spec_request):
    first = add_instrument(customer, card_request(expiration_month=2, expiration_year=2027, holder="John Doe"))
    second = add_instrument(customer, spec_request)

    response = as_customer.get(instruments_url(customer))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["_type"] == "customer_payment_instrument_result"
    assert (body["count"], body["total"]) == (2, 2)
    assert "start" not in body and "next" not in body
    assert [item["payment_instrument_id"] for item in body["data"]] == [
        first.payment_instrument_id, second.payment_instrument_id
    ]
    assert body["data"][0] == {
        "_type": "customer_payment_instrument",
        "payment_bank_account": {"_type": "payment_bank_account"},
        "payment_card": {"_type": "payment_card", "card_type": "Visa", "credit_card_expired": False,
                         "expiration_month": 2, "expiration_year": 2027, "holder": "John Doe",
                         "masked_number": "************1111", "number_last_digits": "1111"},
        "payment_method_id": "CREDIT_CARD",
        "payment_instrument_id": first.payment_instrument_id,
    }


def test_list_of_a_customer_without_instruments_is_empty(as_customer, customer):
    body = as_customer.get(instruments_url(customer)).json()
    assert body == {"_v": "16.4", "_type": "customer_payment_instrument_result", "count": 0, "data": [], "total": 0}


def test_list_filters_by_payment_method_id(as_customer, customer, add_instrument, spec_request):
    card = add_instrument(customer, card_request())
    add_instrument(customer, spec_request)

    def listed(query):
        body = as_customer.get(instruments_url(customer) + query).json()
        assert body["count"] == body["total"] == len(body["data"])
        return [item["payment_instrument_id"] for item in body["data"]]

    assert listed("?payment_method_id=CREDIT_CARD") == [card.payment_instrument_id]
    assert len(listed("?payment_method_id=OCAPI_Payment_Simple")) == 1
    assert listed("?payment_method_id=credit_card") == []  # ids are exact
    assert len(listed("?payment_method_id=")) == 2  # empty: all
    assert len(listed("?unknown=1&payment_method_id_x=CREDIT_CARD")) == 2  # unknown parameters are ignored


def test_an_over_long_payment_method_id_filter_is_a_parameter_fault(as_customer, customer):
    response = as_customer.get(instruments_url(customer) + "?payment_method_id=" + "x" * 257)
    assert fault_of(response, 400) == {
        "type": "ParameterConstraintViolationException",
        "message": "Query parameter 'payment_method_id' is not valid: at most 256 characters.",
        "arguments": {"parameter": "payment_method_id"},
    }


def test_the_list_takes_the_same_queries_whatever_its_size(as_customer, customer, add_instrument,
                                                           django_assert_num_queries):
    url = instruments_url(customer) + "?payment_method_id=CREDIT_CARD"
    as_customer.get(url)  # warm the site cache
    add_instrument(customer)
    with django_assert_num_queries(2):  # the token with its customer; the instruments
        assert as_customer.get(url).json()["count"] == 1
    for _ in range(9):
        add_instrument(customer)
    with CaptureQueriesContext(connection) as queries:
        assert as_customer.get(url).json()["count"] == 10
    assert len(queries) == 2


def test_a_server_lists_any_customers_instruments(as_server, customer, add_instrument):
    add_instrument(customer)
    assert as_server.get(instruments_url(customer)).json()["count"] == 1


# --- DELETE ---------------------------------------------------------------------------------


def test_delete_answers_204_and_removes_the_instrument(as_customer, customer, add_instrument):
    kept, deleted = add_instrument(customer), add_instrument(customer)

    response = as_customer.delete(instruments_url(customer, deleted.payment_instrument_id))

    assert response.status_code == 204
    assert response.content == b""
    assert list(customer.payment_instruments.values_list("pk", flat=True)) == [kept.pk]
    again = as_customer.delete(instruments_url(customer, deleted.payment_instrument_id))
    assert fault_of(again, 404) == not_found(deleted.payment_instrument_id)


def test_delete_through_the_method_override_header(as_customer, customer, add_instrument):
    instrument = add_instrument(customer)
    response = as_customer.post(instruments_url(customer, instrument.payment_instrument_id),
                                HTTP_X_DW_HTTP_METHOD_OVERRIDE="DELETE")
    assert response.status_code == 204
    assert stored_count() == 0


# --- guests ---------------------------------------------------------------------------------


@pytest.fixture
def as_guest(api, guest, jwt_for):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jwt_for(guest, kind='guest')}")
    return api


def test_a_guest_lists_an_empty_result(as_guest, guest):
    body = as_guest.get(instruments_url(guest)).json()
    assert (body["count"], body["data"], body["total"]) == (0, [], 0)


def test_a_guest_cannot_save_or_delete_instruments(as_guest, guest):
    post = as_guest.post(instruments_url(guest), card_request(), format="json")
    delete = as_guest.delete(instruments_url(guest, "cdmh6iWbObcXUaaadkPA7ydxnr"))

    for response in (post, delete):
        assert fault_of(response, 400) == {
            "type": "InvalidCustomerException",
            "message": "A guest customer has no saved payment instruments.",  # the service says it, once
        }
    assert stored_count() == 0


def test_a_guests_instrument_is_not_found(as_guest, guest):
    response = as_guest.get(instruments_url(guest, "cdmh6iWbObcXUaaadkPA7ydxnr"))
    assert fault_of(response, 404) == not_found("cdmh6iWbObcXUaaadkPA7ydxnr")


def test_a_server_cannot_save_instruments_for_a_guest(as_server, guest):
    response = as_server.post(instruments_url(guest), card_request(), format="json")
    assert fault_of(response, 400)["type"] == "InvalidCustomerException"
    assert as_server.get(instruments_url(guest)).json()["total"] == 0


# --- XML ------------------------------------------------------------------------------------

XML_REQUEST = b"""<?xml version="1.0" encoding="UTF-8"?>
<customer_payment_instrument_request>
  <payment_method_id>CREDIT_CARD</payment_method_id>
  <payment_card>
    <card_type>Visa</card_type>
    <number>0004111111111111</number>
    <expiration_month>2</expiration_month>
    <expiration_year>2027</expiration_year>
  </payment_card>
  <c_note>saved from XML</c_note>
</customer_payment_instrument_request>"""


def test_xml_request_and_response(as_customer, customer):
    response = as_customer.post(instruments_url(customer) + "?format=xml", XML_REQUEST,
                                content_type="application/xml")

    assert response.status_code == 200, response.content
    xml = response.content.decode()
    instrument = CustomerPaymentInstrument.objects.get()
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?><customer_payment_instrument _v="16.4">')
    assert "<payment_card><card_type>Visa</card_type><credit_card_expired>false</credit_card_expired>" in xml
    assert "<expiration_month>2</expiration_month><expiration_year>2027</expiration_year>" in xml
    assert "<masked_number>************1111</masked_number><number_last_digits>1111</number_last_digits>" in xml
    assert f"<payment_instrument_id>{instrument.payment_instrument_id}</payment_instrument_id>" in xml
    assert "<c_note>saved from XML</c_note>" in xml
    assert (instrument.card_expiration_month, instrument.card_expiration_year) == (2, 2027)

    listed = as_customer.get(instruments_url(customer), HTTP_ACCEPT="application/xml").content.decode()
    assert '<customer_payment_instrument_result _v="16.4"><count>1</count><data><customer_payment_instrument>' in listed


# --- GET /customers/{id}?expand=paymentinstruments ------------------------------------------


def customer_url(customer, **query):
    return api_url("customers", customer.customer_id, **query)


def test_expand_embeds_the_instruments_with_their_uuid(as_customer, customer, add_instrument, spec_request):
    instrument = add_instrument(customer, spec_request)
    by_id = as_customer.get(instruments_url(customer, instrument.payment_instrument_id)).json()

    response = as_customer.get(customer_url(customer, expand="paymentinstruments"))

    assert response.status_code == 200, response.content
    embedded = response.json()["payment_instruments"]
    expected = {key: value for key, value in by_id.items() if key != "_v"}
    assert embedded == [{**expected, "uuid": instrument.payment_instrument_id}]
    assert "payment_instruments" not in as_customer.get(customer_url(customer)).json()


def test_expand_keeps_the_customers_etag(as_customer, customer, add_instrument):
    plain = as_customer.get(customer_url(customer))
    add_instrument(customer)
    expanded = as_customer.get(customer_url(customer, expand="paymentinstruments"))
    assert expanded["ETag"] == plain["ETag"]


def test_expand_of_a_guest_is_an_empty_list(as_guest, guest):
    response = as_guest.get(customer_url(guest, expand="paymentinstruments"))
    assert response.json()["payment_instruments"] == []


def test_expand_takes_the_same_queries_whatever_the_number_of_instruments(as_customer, customer, add_instrument):
    url = customer_url(customer, expand="paymentinstruments")
    add_instrument(customer)
    as_customer.get(url)  # warm the per-process site cache
    with CaptureQueriesContext(connection) as one:
        as_customer.get(url)
    for _ in range(5):
        add_instrument(customer)
    with CaptureQueriesContext(connection) as six:
        assert len(as_customer.get(url).json()["payment_instruments"]) == 6
    assert len(six) == len(one)
