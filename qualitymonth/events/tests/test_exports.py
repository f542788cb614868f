"""Attendee lists as XLSX and CSV: real date-times in Shanghai time, answers as people read them."""

import csv
import datetime
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from qualitymonth.events import services
from qualitymonth.events.models import Registration
from qualitymonth.events.tests.conftest import shanghai, sign_up


def export(client, event, fmt):
    return client.get(reverse("events:attendees_export", args=[event.pk, fmt]))


def _registered_at_14_03(lecture):
    ticket = sign_up(lecture, 1, name="甲")
    Registration.objects.filter(pk=ticket.pk).update(created_at=shanghai(2026, 9, 1, 14, 3, 27))
    services.check_in(actor=None, event=lecture, ticket_code=ticket.ticket_code)
    return Registration.objects.get(pk=ticket.pk)


def test_the_xlsx_writes_registration_and_check_in_times_as_shanghai_date_times(
    client, lecture, secretariat
):
    ticket = _registered_at_14_03(lecture)
    client.force_login(secretariat)
    sheet = load_workbook(io.BytesIO(export(client, lecture, "xlsx").content)).active
    header = [cell.value for cell in sheet[1]]
    registered = sheet.cell(row=2, column=header.index("报名时间") + 1)
    checked_in = sheet.cell(row=2, column=header.index("签到时间") + 1)
    assert registered.value == datetime.datetime(2026, 9, 1, 14, 3, 27)
    assert registered.is_date and "yy" in registered.number_format
    local = timezone.localtime(ticket.checked_in_at).replace(tzinfo=None, microsecond=0)
    assert checked_in.value == local and checked_in.is_date


def test_the_csv_writes_local_times_without_an_offset(client, lecture, secretariat):
    _registered_at_14_03(lecture)
    client.force_login(secretariat)
    rows = list(csv.reader(io.StringIO(export(client, lecture, "csv").content.decode("utf-8-sig"))))
    registered = rows[1][rows[0].index("报名时间")]
    assert registered == "2026-09-01 14:03:27"
    assert "+00:00" not in export(client, lecture, "csv").content.decode("utf-8-sig")


def test_exports_and_the_attendee_table_show_answers_as_people_read_them(
    client, lecture, secretariat
):
    first = lecture.questions.create(label="是否第一次参加", kind="yes_no")
    size = lecture.questions.create(label="企业规模", kind="choice", choices="50人以下\n50人以上")
    sign_up(lecture, 1, answers={f"q{first.pk}": "no", f"q{size.pk}": "50人以上"})
    sign_up(lecture, 2, answers={f"q{first.pk}": "yes"})
    client.force_login(secretariat)
    sheet = load_workbook(io.BytesIO(export(client, lecture, "xlsx").content)).active
    assert [row[-2:] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        ("否", "50人以上"),
        ("是", None),
    ]
    table = export(client, lecture, "csv").content.decode("utf-8-sig")
    assert ",否,50人以上" in table and "no" not in table.replace("no-", "")
    page = client.get(reverse("events:manage", args=[lecture.pk])).content.decode()
    assert '<td data-label="是否第一次参加" data-testid="attendee-answer">否</td>' in page


def test_exports_show_phones_as_people_write_them(client, lecture, secretariat):
    sign_up(lecture, 1, phone="+86 138 1234 5678")
    client.force_login(secretariat)
    table = export(client, lecture, "csv").content.decode("utf-8-sig")
    assert ",13812345678," in table and "+86" not in table
