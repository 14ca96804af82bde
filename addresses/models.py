"""The address book: named addresses of a registered customer."""
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from customers.models import Customer
from shopsite.documents import validate_custom_attributes
from shopsite.validators import validate_name

ADDRESS_ID_MAX_LENGTH = 256

#: The text properties of the CustomerAddress document: model fields of the same name
#: (their max_length is the 20.4 swagger's limit), read by the document and the validation.
#: ``suite`` is 20.4's only (addresses.documents.EDITION_TEXT_FIELDS: what each edition has).
TEXT_FIELDS = (
    "address1", "address2", "city", "company_name", "country_code", "first_name", "job_title", "last_name",
    "phone", "post_box", "postal_code", "salutation", "second_name", "state_code", "suffix", "suite", "title",
)

#: Any two upper-case letters (ISO 3166-1 alpha-2 shape); the 20.4 enum is only a sample.
validate_country_code = RegexValidator(
    r"^[A-Z]{2}\Z", "A country code is two upper-case letters (ISO 3166-1 alpha-2).", code="country_code"
)


class CustomerAddress(models.Model):
    """One entry of a customer's address book, named by ``address_id`` (case-sensitive).

    The database guarantees what the API promises: ids are unique per customer and not
    blank, and at most one address per customer is preferred.
    """

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="addresses")
    address_id = models.CharField(
        "address id", max_length=ADDRESS_ID_MAX_LENGTH, help_text="The name the customer gave the address."
    )
    preferred = models.BooleanField(default=False)

    title = models.CharField(max_length=256, blank=True, validators=[validate_name])
    salutation = models.CharField(max_length=256, blank=True, validators=[validate_name])
    first_name = models.CharField(max_length=256, blank=True, validators=[validate_name])
    second_name = models.CharField(max_length=256, blank=True, validators=[validate_name])
    last_name = models.CharField(max_length=256, blank=True, validators=[validate_name])
    suffix = models.CharField(max_length=256, blank=True, validators=[validate_name])
    company_name = models.CharField(max_length=256, blank=True, validators=[validate_name])
    job_title = models.CharField(max_length=256, blank=True, validators=[validate_name])
    address1 = models.CharField(max_length=256, blank=True)
    address2 = models.CharField(max_length=256, blank=True)
    post_box = models.CharField(max_length=256, blank=True)
    suite = models.CharField(max_length=32, blank=True, help_text="The suite (20.4's documents show it).")
    postal_code = models.CharField(max_length=256, blank=True)
    city = models.CharField(max_length=256, blank=True)
    state_code = models.CharField(max_length=256, blank=True)
    country_code = models.CharField(max_length=2, blank=True, validators=[validate_country_code])
    phone = models.CharField(max_length=32, blank=True)
    custom = models.JSONField(default=dict, blank=True, help_text="c_* custom attributes",
                              validators=[validate_custom_attributes])

    creation_date = models.DateTimeField(default=timezone.now, editable=False)
    last_modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "customer address"
        verbose_name_plural = "customer addresses"
        ordering = ["customer", "-preferred", "address_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "address_id"],
                name="address_id_unique_per_customer",
                violation_error_message="Customer address id is already in use.",
            ),
            models.UniqueConstraint(
                fields=["customer"],
                condition=models.Q(preferred=True),
                name="one_preferred_address_per_customer",
                violation_error_message="The customer already has a preferred address.",
            ),
            models.CheckConstraint(condition=~models.Q(address_id=""), name="address_id_not_blank"),
        ]

    def __str__(self):
        return self.address_id

    @property
    def full_name(self):
        """First, second and last name joined by spaces ("John Jim Murphy")."""
        parts = (self.first_name, self.second_name, self.last_name)
        return " ".join(part.strip() for part in parts if part and part.strip())

    def validate_constraints(self, exclude=None):
        # Making an address preferred clears the flag on the others when it is saved
        # (services.py), so a second preferred address is not a form error; the
        # database constraint stays the last word.
        super().validate_constraints(exclude={*(exclude or ()), "preferred"})
