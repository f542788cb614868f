"""Citizens' numbers are stored in E.164 and compared normalised: a case opens with its number
and the phone in any spelling, for cases filed before the change too."""

import importlib

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from qualitymonth.core.masking import mask_phone
from qualitymonth.enquiries.models import Case, Submission
from qualitymonth.enquiries.services.intake import file_submission
from qualitymonth.enquiries.tests.conftest import COMPLAINT


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def file_complaint(categories, districts, **values) -> Case:
    [case] = file_submission(
        kinds=["complaint"],
        category=categories["glasses"],
        data={**COMPLAINT, "district": districts["huangpu"], **values},
        channel="web",
    )
    return case


def track(client, number, phone):
    return client.post(reverse("enquiries:track"), {"number": number, "phone": phone})


def migrate_phones():
    migration = importlib.import_module("qualitymonth.enquiries.migrations.0005_phones_e164")
    migration.to_e164(apps, None)


def test_a_landline_is_stored_in_e164_and_tracked_in_another_spelling(
    client, routing, categories, districts
):
    case = file_complaint(categories, districts, phone="021-6321 1234")
    assert case.submission.phone == "+862163211234"
    response = track(client, case.number, "+86 21 63211234")
    assert response.status_code == 302 and response.url == case.get_absolute_url()


def test_a_mobile_typed_with_full_width_digits_finds_the_case(
    client, routing, categories, districts
):
    case = file_complaint(categories, districts)
    response = track(client, case.number, "１３８ １２３４ ５６７８")
    assert response.status_code == 302 and response.url == case.get_absolute_url()


def test_a_case_filed_before_numbers_were_normalised_opens_with_any_spelling(
    client, routing, categories, districts
):
    case = file_complaint(categories, districts)
    # As the old intake stored a Shanghai landline: national digits.
    Submission.objects.filter(pk=case.submission_id).update(phone="02163211234")
    response = track(client, case.number, "+86 21 6321 1234")
    assert response.status_code == 302 and response.url == case.get_absolute_url()


def test_the_migration_stores_old_national_digits_in_e164(routing, categories, districts):
    cases = [file_complaint(categories, districts) for _n in range(3)]
    old = ["13812345678", "02163211234", "not a number"]
    for case, phone in zip(cases, old, strict=True):
        Submission.objects.filter(pk=case.submission_id).update(phone=phone)
    migrate_phones()
    stored = [Submission.objects.get(pk=case.submission_id).phone for case in cases]
    assert stored == ["+8613812345678", "+862163211234", "not a number"]


def test_after_the_migration_the_national_digits_still_open_the_case(
    client, routing, categories, districts
):
    case = file_complaint(categories, districts)
    Submission.objects.filter(pk=case.submission_id).update(phone="13812345678")
    migrate_phones()
    response = track(client, case.number, "13812345678")
    assert response.status_code == 302 and response.url == case.get_absolute_url()


def test_a_wrong_phone_still_opens_nothing(client, routing, categories, districts):
    case = file_complaint(categories, districts)
    assert track(client, case.number, "+86 139 1234 5678").status_code == 400


def test_a_stored_number_is_masked_as_people_write_it():
    assert mask_phone("+8613812345678") == "138****5678"
    assert mask_phone("+862163211234") == "021****1234"


def test_the_intake_refuses_a_bad_e_mail_from_any_path(routing, categories, districts):
    with pytest.raises(ValidationError) as refused:
        file_complaint(categories, districts, email="wang@@example")
    assert "email" in refused.value.message_dict
    assert not Submission.objects.exists()
