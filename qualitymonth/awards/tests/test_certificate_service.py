"""The platform's certificate service (core.certificates) with award certificates: one
verification page for every kind, serials per prefix, withdrawal once."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qualitymonth.core import certificates
from qualitymonth.core.models import AuditEntry


def test_an_award_certificate_is_found_on_the_platforms_verification_page(client, certificate):
    page = client.get(f"/certificates/verify/{certificate.serial}/").content.decode()
    assert "有效证书" in page and certificate.holder_name in page and "一等奖" in page


def test_a_number_typed_in_lower_case_is_found(client, certificate):
    page = client.get("/certificates/verify/", {"serial": certificate.serial.lower()})
    assert certificate.holder_name in page.content.decode()


def test_an_unknown_number_is_said_to_be_unknown(client, db):
    response = client.get("/certificates/verify/ATT-2026-9999/")
    assert response.status_code == 404
    assert "ATT-2026-9999" in response.content.decode() and "未知" in response.content.decode()


def test_an_expired_certificate_says_until_when_it_was_valid(client, certificate):
    certificate.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    certificate.save(update_fields=["valid_until"])
    page = client.get(f"/certificates/verify/{certificate.serial}/").content.decode()
    assert "有效证书" not in page and certificate.valid_until.isoformat() in page


def test_withdrawing_twice_is_refused_and_the_first_reason_kept(certificate, secretariat):
    certificates.withdraw(actor=secretariat, certificate=certificate, reason="材料不实")
    with pytest.raises(ValidationError):
        certificates.withdraw(actor=secretariat, certificate=certificate, reason="再次撤销")
    certificate.refresh_from_db()
    assert certificate.withdrawal_reason == "材料不实"
    assert AuditEntry.objects.filter(action="certificate.withdraw").count() == 1


def test_serials_count_per_prefix(certificate):
    model = type(certificate)
    prefix = certificate.serial[:-4]
    issued = model.objects.filter(serial__startswith=prefix).count()
    assert certificates.next_serial(model, prefix) == f"{prefix}{issued + 1:04d}"
    assert certificates.next_serial(model, "NEW-2030-") == "NEW-2030-0001"


def test_a_blank_number_is_unknown_and_the_form_is_offered(client, db):
    assert "verify-form" in client.get("/certificates/verify/").content.decode()
    response = client.get("/certificates/verify/%20/")
    assert response.status_code == 404 and "未知" in response.content.decode()
