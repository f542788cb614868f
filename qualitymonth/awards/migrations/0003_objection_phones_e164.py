"""Objectors' phone numbers in E.164 (+8613812345678), as the objection service stores them.

Objections filed before kept what was typed, without spaces (13812345678, 021-63211234).
A value that is not a valid number is left as it was. Self-contained: later changes to the
app's code must not change what this migration does."""

import phonenumbers
from django.db import migrations

BATCH = 500


def e164(text: str) -> str | None:
    try:
        number = phonenumbers.parse((text or "").strip(), "CN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def to_e164(apps, schema_editor):
    Model = apps.get_model("awards", "Objection")
    # In primary-key order, a batch at a time: no cursor stays open on the rows being updated.
    last = 0
    while batch := list(
        Model.objects.filter(pk__gt=last)
        .exclude(phone="")
        .order_by("pk")
        .only("pk", "phone")[:BATCH]
    ):
        last = batch[-1].pk
        changed = []
        for row in batch:
            number = e164(row.phone)
            if number is not None and number != row.phone:
                row.phone = number
                changed.append(row)
        Model.objects.bulk_update(changed, ["phone"])


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0002_rubric_templates"),
    ]

    # E.164 is readable by the code before this one too (it parses any spelling): nothing to undo.
    operations = [migrations.RunPython(to_e164, migrations.RunPython.noop)]
