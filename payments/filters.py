"""``?payment_method_id=`` of the list, as a django-filter FilterSet."""
import django_filters

from payments.models import CustomerPaymentInstrument
from shopsite import faults


class PaymentInstrumentFilter(django_filters.FilterSet):
    # Exact and case-sensitive, as payment method ids are; empty means "all".
    payment_method_id = django_filters.CharFilter(max_length=256)

    class Meta:
        model = CustomerPaymentInstrument
        fields = ["payment_method_id"]


def filter_payment_instruments(query_params, queryset):
    """The queryset narrowed by the request's filters; an invalid value is a 400 fault
    (an invalid FilterSet would silently filter nothing)."""
    filterset = PaymentInstrumentFilter(query_params, queryset=queryset)
    if not filterset.is_valid():
        name = next(iter(filterset.errors))
        raise faults.ParameterConstraintViolationException(
            f"Query parameter '{name}' is not valid: at most 256 characters.", parameter=name
        )
    return filterset.qs
