"""An objector's phone number is stored in E.164 like every other number, whatever the spelling,
and objections filed before are converted by a migration."""

import importlib

from django.apps import apps

from qualitymonth.awards.models import Objection
from qualitymonth.awards.tests.test_notices import objection


def test_an_objectors_phone_in_any_spelling_is_stored_in_e164(notice):
    spelled = {
        "139-1234-5678": "+8613912345678",
        "+86 (21) 6321-1234": "+862163211234",
        "１３８ １２３４ ５６７８": "+8613812345678",
    }
    for phone, stored in spelled.items():
        assert objection(notice, phone=phone).phone == stored


def test_the_migration_stores_old_objection_phones_in_e164(notice):
    filed = [objection(notice) for _n in range(3)]
    for row, phone in zip(filed, ["13812345678", "021-63211234", "12345"], strict=True):
        Objection.objects.filter(pk=row.pk).update(phone=phone)
    migration = importlib.import_module("qualitymonth.awards.migrations.0003_objection_phones_e164")
    migration.to_e164(apps, None)
    stored = [Objection.objects.get(pk=row.pk).phone for row in filed]
    assert stored == ["+8613812345678", "+862163211234", "12345"]
