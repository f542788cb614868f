"""Dues: an invoice a year per term, and the payments recorded against it. No payment
provider is integrated: the secretariat records bank transfers; no card data is kept."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitymonth.members.models.terms import Term


class Invoice(models.Model):
    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="invoices"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.CharField(_("invoice number"), max_length=40, unique=True)
    amount = models.DecimalField(
        _("amount (yuan)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dues invoice")
        verbose_name_plural = _("dues invoices")
        ordering = ["-year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "year"],
                name="member_invoice_once_a_year",
                violation_error_message=_("This term already has an invoice for this year."),
            )
        ]

    def __str__(self):
        return f"{self.number} · {self.year}"


class Payment(models.Model):
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField(
        _("amount (yuan)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    paid_on = models.DateField(_("paid on"))
    bank_reference = models.CharField(_("bank transfer reference"), max_length=60, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=40, blank=True)
    # The fapiao is issued outside the platform; its number is kept as text.
    fapiao_number = models.CharField(_("fapiao number"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_on", "pk"]

    def __str__(self):
        return f"{self.invoice.number} · {self.amount}"
