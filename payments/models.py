"""Saved payment instruments of registered customers, masked at rest.

Only masked forms, last characters and keyed fingerprints are stored: never a full card
number, gift certificate code, bank account or driver's licence number, nor a card
security code (see payments.masking).
"""
from django.db import models
from django.utils import timezone

from customers.models import Customer, new_public_id
from shopsite.documents import validate_custom_attributes


class CustomerPaymentInstrument(models.Model):
    payment_instrument_id = models.CharField(max_length=28, unique=True, default=new_public_id, editable=False)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="payment_instruments")
    payment_method_id = models.CharField(max_length=256)
    bank_routing_number = models.CharField(max_length=256, blank=True)
    gift_certificate_code_masked = models.CharField(max_length=256, blank=True)
    custom = models.JSONField(default=dict, blank=True, help_text="c_* custom attributes",
                              validators=[validate_custom_attributes])

    card_type = models.CharField(max_length=256, blank=True)
    card_holder = models.CharField(max_length=256, blank=True)
    card_masked_number = models.CharField(max_length=19, blank=True)
    card_number_last_digits = models.CharField(max_length=4, blank=True)
    card_expiration_month = models.PositiveSmallIntegerField(null=True, blank=True)
    card_expiration_year = models.PositiveSmallIntegerField(null=True, blank=True)
    card_valid_from_month = models.PositiveSmallIntegerField(null=True, blank=True)
    card_valid_from_year = models.PositiveSmallIntegerField(null=True, blank=True)
    card_issue_number = models.CharField(max_length=256, blank=True)
    # 20.4's payment_card.credit_card_token: a token store's reference to the card (not the card's
    # data), stored and returned as given; written by requests of 17.1 and later.
    card_credit_card_token = models.CharField(max_length=256, blank=True)

    bank_account_holder = models.CharField(max_length=256, blank=True)
    bank_account_masked_number = models.CharField(max_length=256, blank=True)
    bank_account_number_last_digits = models.CharField(max_length=4, blank=True)
    bank_account_masked_drivers_license = models.CharField(max_length=256, blank=True)
    bank_account_drivers_license_last_digits = models.CharField(max_length=4, blank=True)
    bank_account_drivers_license_state_code = models.CharField(max_length=256, blank=True)

    # Keyed HMACs (payments.masking.fingerprint): the same card or account, recognised.
    card_number_fingerprint = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    bank_account_number_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    gift_certificate_code_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    creation_date = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["creation_date", "id"]
        verbose_name = "payment instrument"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{field}__isnull": True}) | models.Q(**{f"{field}__range": (1, 12)}),
                name=f"payment_{field}_1_12",
            )
            for field in ("card_expiration_month", "card_valid_from_month")
        ]

    def __str__(self):
        shown = self.card_masked_number or self.bank_account_masked_number or self.gift_certificate_code_masked
        return f"{self.payment_method_id} {shown}".strip()

    @property
    def credit_card_expired(self):
        """Computed, never stored: a card expiring 07/2027 is valid through July 2027."""
        year, month = self.card_expiration_year, self.card_expiration_month
        if year is None:
            return False
        today = timezone.now()
        if month is None:
            return year < today.year
        return (year, month) < (today.year, today.month)
