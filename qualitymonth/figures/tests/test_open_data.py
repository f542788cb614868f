"""Open data: the worker builds a ZIP of CSVs with READMEs; pages and the API only read it;
no personal data ever leaves in it."""

import csv
import io
import json
import re
import zipfile

from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from ninja.testing import TestClient

from conftest import make_person, make_unit
from qualitymonth.awards.models import ApplicantKind, ApplicationStatus, Grade, Program, Round
from qualitymonth.enquiries.services.intake import file_submission
from qualitymonth.enquiries.statuses import Kind
from qualitymonth.enquiries.tests.conftest import (  # noqa: F401  (fixtures)
    COMPLAINT,
    bureaus,
    categories,
    districts,
    routing,
    time_limits,
)
from qualitymonth.events.models import Registration, RegistrationStatus, Speaker, Venue
from qualitymonth.figures.api import router
from qualitymonth.figures.models import OpenDataExport
from qualitymonth.figures.services import publish_year, recompute_year
from qualitymonth.figures.services_open_data import build_open_data
from qualitymonth.figures.tests.conftest import held_event

PHONE = "13912345678"
ID_NUMBER = "310101199001011234"
EMAIL = "zhang.wei@example.org"
PERSON = "张伟"
CRAFTSMAN = "李秀英"

# Shapes of personal data, whoever it belongs to.
PATTERNS = {
    "phone": re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),
    "id number": re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"),
    "e-mail": re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"),
}


def seed_personal_data(secretariat, categories, routing):  # noqa: F811
    """An event with a registration and a speaker, a person's award, a citizen's case."""
    event = held_event(2025)
    venue = Venue.objects.create(event=event, name="上海展览中心")
    user = make_person("zhangwei")
    user.first_name, user.email = PERSON, EMAIL
    user.save()
    Registration.objects.create(
        event=event,
        venue=venue,
        user=user,
        name=PERSON,
        phone=PHONE,
        email=EMAIL,
        status=RegistrationStatus.CONFIRMED,
        answers={"id": ID_NUMBER},
    )
    Speaker.objects.create(event=event, name=CRAFTSMAN, affiliation=f"手机{PHONE}")
    program = Program.objects.create(
        key="craftsman", code="CRAFT", name="上海质量工匠", applicant_kind=ApplicantKind.PERSON
    )
    round_ = Round.objects.create(
        program=program, year=2025, title="2025年上海质量工匠", closes_at=event.starts_at
    )
    grade = Grade.objects.create(round=round_, position=1, name="质量工匠")
    unit = make_unit(key="shipyard", name="江南造船厂")
    round_.applications.create(
        applicant_unit=unit,
        created_by=user,
        holder_name=CRAFTSMAN,
        title=f"{CRAFTSMAN}的焊接绝技",
        status=ApplicationStatus.AWARDED,
        grade=grade,
    )
    data = dict(COMPLAINT, district=routing["huangpu"].parent, id_type="id_card")
    data |= {"name": PERSON, "phone": PHONE, "email": EMAIL, "id_number": ID_NUMBER}
    file_submission(
        kinds=[Kind.COMPLAINT], category=categories["glasses"], data=data, channel="web"
    )
    recompute_year(2025)
    publish_year(actor=secretariat, year=2025)


def files_of(export) -> dict[str, str]:
    with zipfile.ZipFile(export.file.open("rb")) as archive:
        return {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}


def test_no_personal_data_in_any_file_of_the_download(secretariat, categories, routing):  # noqa: F811
    seed_personal_data(secretariat, categories, routing)
    export = build_open_data()
    texts = files_of(export) | {"api.json": json.dumps(export.data, ensure_ascii=False)}
    assert "江南造船厂" in texts["awards.csv"]  # the unit behind a person's award is listed
    for name, text in texts.items():
        for value in (PERSON, CRAFTSMAN, PHONE, ID_NUMBER, EMAIL, COMPLAINT["address"]):
            assert value not in text, f"{value} in {name}"
        for kind, pattern in PATTERNS.items():
            assert not pattern.search(text), f"a {kind} in {name}"


def test_the_zip_has_one_csv_and_one_readme_per_dataset(db):
    held_event(2025)
    held_event(2024)
    files = files_of(build_open_data())
    for key in ("events", "activity_reports", "awards", "standards", "citizen_services"):
        assert f"{key}.csv" in files and f"{key}.README.md" in files
    assert "figures.csv" in files
    rows = list(csv.DictReader(io.StringIO(files["events.csv"])))
    assert [row["title"] for row in rows] == ["2024年质量大讲堂", "2025年质量大讲堂"]
    readme = files["events.README.md"]
    assert "| starts_at |" in readme and "ISO 8601" in readme


def test_the_published_figures_are_in_the_download(secretariat):
    held_event(2025)
    recompute_year(2025)
    publish_year(actor=secretariat, year=2025)
    rows = list(csv.DictReader(io.StringIO(files_of(build_open_data())["figures.csv"])))
    held = next(row for row in rows if row["key"] == "events.held")
    assert (held["year"], held["value"], held["name"]) == ("2025", "1", "举办活动")


def test_publishing_a_year_queues_the_download(secretariat, django_capture_on_commit_callbacks):
    held_event(2025)
    recompute_year(2025)
    with django_capture_on_commit_callbacks(execute=True):
        publish_year(actor=secretariat, year=2025)
    assert DBTaskResult.objects.filter(task_path__endswith="build_open_data_task").exists()


def test_an_unchanged_database_keeps_the_latest_download(db):
    held_event(2025)
    first = build_open_data()
    assert build_open_data().pk == first.pk
    held_event(2025)
    assert build_open_data().pk != first.pk


def test_the_page_never_builds_the_download(client, db):
    held_event(2025)
    page = client.get(reverse("figures:open_data")).content.decode()
    assert "尚未生成" in page
    assert not OpenDataExport.objects.exists()
    build_open_data()
    page = client.get(reverse("figures:open_data")).content.decode()
    assert "下载ZIP" in page
    assert "<code>events.csv</code>" in page
    response = client.get(reverse("figures:open_data_download"))
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()[0] == (
        "README.md"
    )


def test_the_api_gives_the_same_rows_and_answers_304_to_its_etag(db):
    held_event(2025)
    export = build_open_data()
    api = TestClient(router)
    response = api.get("/events")
    body = response.json()
    assert [row["title"] for row in body["rows"]] == ["2025年质量大讲堂"]
    csv_rows = list(csv.DictReader(io.StringIO(files_of(export)["events.csv"])))
    assert str(body["rows"][0]["id"]) == csv_rows[0]["id"]
    etag = response["ETag"]
    again = api.get("/events", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    held_event(2025)
    build_open_data()
    changed = api.get("/events", headers={"If-None-Match": etag})
    assert len(changed.json()["rows"]) == 2
    assert changed["ETag"] != etag


def test_the_api_says_when_nothing_was_generated(db):
    response = TestClient(router).get("/")
    assert response.status_code == 404
    assert "尚未生成" in response.json()["detail"]


def test_the_nightly_command_builds_the_download_or_queues_it(db):
    from django.core.management import call_command

    held_event(2025)
    call_command("open_data", "--queue", stdout=io.StringIO())
    assert not OpenDataExport.objects.exists()
    assert DBTaskResult.objects.filter(task_path__endswith="build_open_data_task").exists()
    call_command("open_data", stdout=io.StringIO())
    assert OpenDataExport.objects.get().manifest[0]["key"] == "events"
