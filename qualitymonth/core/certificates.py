"""One certificate service for every kind of certificate: serials, issue, withdrawal, the QR
code to the public verification page, and finding a certificate by its serial.

Apps register their certificate models (subclasses of core.models.Certificate) in their
AppConfig.ready(); core never imports them.
"""

import segno
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core.links import absolute_url
from qualitymonth.core.services import log_action

_KINDS: list[type] = []


def register(model) -> None:
    """A certificate model whose serials the verification page should find."""
    if model not in _KINDS:
        _KINDS.append(model)


def find(serial: str):
    """The certificate with this serial, of whatever kind, or None."""
    serial = (serial or "").strip().upper()
    if not serial:
        return None
    for model in _KINDS:
        certificate = model.objects.filter(serial=serial).first()
        if certificate is not None:
            return certificate
    return None


def next_serial(model, prefix: str) -> str:
    """PREFIX0001, PREFIX0002 … per prefix; call inside the transaction that creates it."""
    taken = model.objects.filter(serial__startswith=prefix).count()
    return f"{prefix}{taken + 1:04d}"


@transaction.atomic
def issue(model, *, actor=None, prefix: str, holder_name: str, audit_name: str = "", **fields):
    """A new certificate with the next serial of `prefix`, audited (as `audit_name`.issue,
    the model's name by default)."""
    # Serials are counted per prefix: lock the rows of that prefix so that two issues at the
    # same moment do not take the same number.
    list(model.objects.select_for_update().filter(serial__startswith=prefix).values("pk"))
    certificate = model.objects.create(
        serial=next_serial(model, prefix), holder_name=holder_name, **fields
    )
    audit_name = audit_name or model._meta.model_name
    log_action(actor=actor, action=f"{audit_name}.issue", obj=certificate)
    return certificate


@transaction.atomic
def withdraw(*, actor, certificate, reason: str, audit_name: str = ""):
    """Withdrawn, never deleted: the verification page says so, with the reason."""
    certificate = type(certificate).objects.select_for_update().get(pk=certificate.pk)
    if certificate.withdrawn_at is not None:
        raise ValidationError(_("This certificate is already withdrawn."))
    certificate.withdrawn_at = timezone.now()
    certificate.withdrawal_reason = reason.strip()
    certificate.save(update_fields=["withdrawn_at", "withdrawal_reason"])
    log_action(
        actor=actor,
        action=f"{audit_name or certificate._meta.model_name}.withdraw",
        obj=certificate,
        changes={"withdrawn": [False, True], "reason": [None, reason.strip()]},
    )
    return certificate


def verification_url(certificate, request=None) -> str:
    """From the request when a PDF is made for one, else SITE_URL (printed QR codes)."""
    return absolute_url(certificate.get_absolute_url(), request)


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=3)


def verify_path(serial: str) -> str:
    return reverse("certificate_verify_serial", args=[serial])
