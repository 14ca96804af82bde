"""The benchmark baseline (``bench/run.py``; served only with SHOPSITE_BENCHMARK_VIEWS=1)."""
from django.http import JsonResponse

from customers.models import Customer


def bare_customer(request):
    """A plain Django view: one primary-key SELECT of a customer, as JSON."""
    row = Customer.objects.filter(pk=request.GET.get("pk", 1)).values("customer_id", "login", "email").first()
    return JsonResponse(row or {})
