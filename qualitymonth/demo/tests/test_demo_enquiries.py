"""The demo citizen services: categories with their tracks, a route to each district's bureau,
three hundred invented cases walked through every status by the services, all marked demo."""

import datetime

import yaml
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from qualitymonth.core.models import AuditEntry
from qualitymonth.demo.enquiry_sections import load_cases
from qualitymonth.demo.loader import FIXTURES, load_all
from qualitymonth.enquiries.models import Case, Category, Clock, Notice, Submission
from qualitymonth.enquiries.selectors_figures import statuses_of
from qualitymonth.enquiries.services.intake import route
from qualitymonth.enquiries.statuses import Kind, is_open
from qualitymonth.organizations.models import Unit, UnitKind, User

SPEC = yaml.safe_load((FIXTURES / "080_enquiries.yaml").read_text(encoding="utf-8"))
LAST_DAY = SPEC["enquiry_cases"][0]["last_day"]
HANDLED_BY_BUREAUS = ["product-complaint", "service-complaint", "violation-report", "eyeglasses-99"]


def test_the_service_categories_take_their_tracks(demo):
    kinds = dict(Category.objects.values_list("code", "kinds"))
    assert kinds["quality-law"] == [Kind.CONSULTATION]
    assert kinds["standards"] == [Kind.CONSULTATION]
    assert kinds["product-complaint"] == [Kind.COMPLAINT, Kind.REPORT]
    assert kinds["service-complaint"] == [Kind.COMPLAINT]
    assert kinds["violation-report"] == [Kind.REPORT]
    assert kinds["eyeglasses-99"] == [Kind.CONSULTATION, Kind.COMPLAINT]
    eyeglasses = Category.objects.get(code="eyeglasses-99")
    assert eyeglasses.name == "9·9眼镜免费检测"
    assert eyeglasses.name_en == "9·9 free eyeglass check"
    complaint = Category.objects.get(code="product-complaint")
    assert complaint.attributes[0]["datatype"] == "singlevaluelist"
    assert {"key": "e-bike", "name": "电动自行车"} in complaint.attributes[0]["values"]
    assert not Category.objects.filter(is_demo=False).exists()


def test_complaints_and_reports_go_to_the_bureau_of_every_district(demo):
    districts = Unit.objects.filter(kind=UnitKind.DISTRICT)
    assert districts.count() == 16
    for code in HANDLED_BY_BUREAUS:
        category = Category.objects.get(code=code)
        for district in districts:
            bureau = route(category, district)
            assert bureau.key == f"{district.key}-amr"
            assert bureau.kind == UnitKind.GOVERNMENT and bureau.parent_id == district.pk
    assert route(Category.objects.get(code="standards"), districts.first()).key == "sqa"


def test_each_bureau_has_a_case_handler_who_sees_its_cases(demo, client):
    staff = User.objects.get(username="pudong-amr-staff")
    assert staff.has_perm("enquiries.desk")
    case = Case.objects.filter(unit__key="pudong-amr").first()
    assert staff.has_perm("enquiries.handle_case", case)
    assert not staff.has_perm("enquiries.view_case", Case.objects.exclude(unit=case.unit).first())


def test_cases_reach_every_status_of_every_track(demo):
    found = set(Case.objects.values_list("kind", "status").distinct())
    assert found == {(kind.value, status) for kind in Kind for status in statuses_of(kind)}
    assert Case.objects.count() >= 300


def test_the_demo_cases_are_marked_and_their_people_invented(demo):
    assert not Case.objects.filter(is_demo=False).exists()
    submissions = Submission.objects.all()
    assert submissions.count() == 300
    assert not submissions.filter(is_demo=False).exists()
    assert not submissions.exclude(name__startswith="演示用户").exists()
    assert not submissions.exclude(phone__startswith="+861380000").exists()  # E.164
    assert not submissions.exclude(email="").exists()  # so loading queues no e-mail
    assert set(submissions.values_list("client_digest", flat=True)) == {
        f"demo-{n:04d}" for n in range(1, 301)
    }


def test_clocks_ratings_and_later_information_are_as_the_services_left_them(demo):
    stopped = Clock.objects.filter(stopped_on__isnull=False)
    on_time = sum(1 for c in stopped if c.on_time)
    assert 0.6 < on_time / stopped.count() < 0.95  # most on time, some late
    running = Clock.objects.filter(stopped_on__isnull=True)
    assert running.filter(due_on__lt=LAST_DAY).exists()  # some overdue
    assert running.filter(due_on__gte=LAST_DAY).exists()  # some still in time
    rated = Case.objects.filter(rating__isnull=False)
    assert rated.count() > 100
    assert all(not is_open(status) for status in rated.values_list("status", flat=True))
    assert set(rated.values_list("rating", flat=True)) == {1, 2, 3, 4, 5}
    assert Case.objects.filter(needs_attention=True, events__kind="late_addition").exists()
    assert Submission.objects.filter(consents_to_publish=True, latitude__isnull=False).count() > 20
    assert Case.objects.filter(events__kind="transfer").exists()
    last = timezone.make_aware(datetime.datetime.combine(LAST_DAY, datetime.time(23, 59)))
    assert not Case.objects.filter(updated_at__gt=last).exists()


def test_eyeglass_cases_gather_around_the_ninth_of_september(demo):
    glasses = Case.objects.filter(category__code="eyeglasses-99")
    september = glasses.filter(received_at__month=9).count()
    assert september > glasses.count() / 2


def test_loading_twice_changes_nothing(demo, django_capture_on_commit_callbacks):
    before = (Case.objects.count(), Notice.objects.count(), AuditEntry.objects.count())
    with django_capture_on_commit_callbacks() as callbacks:
        report = load_all()
    for name in ("enquiry_categories", "enquiry_routes", "enquiry_cases"):
        assert report[name]["created"] == report[name]["updated"] == 0
    assert report["enquiry_cases"]["unchanged"] == 300
    assert (Case.objects.count(), Notice.objects.count(), AuditEntry.objects.count()) == before
    assert callbacks == []


def test_making_cases_sends_texts_to_the_outbox_and_queues_no_email(
    demo, django_capture_on_commit_callbacks
):
    Case.objects.all().delete()
    Submission.objects.all().delete()
    spec = dict(SPEC["enquiry_cases"][0], count=30)
    tasks = DBTaskResult.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        load_cases([spec])
    assert Case.objects.count() >= 30
    assert Notice.objects.filter(channel="sms").count() >= Case.objects.count()
    assert not Notice.objects.exclude(channel="sms").exists()
    assert DBTaskResult.objects.count() == tasks
    assert mail.outbox == []


def test_the_figures_page_shows_the_demo_cases(demo, client):
    client.force_login(User.objects.get(username="secretariat"))
    response = client.get("/enquiries/figures/", {"year": 2026})
    assert response.status_code == 200
    assert response.context["data"]["total"] == Case.objects.count()
    page = response.content.decode()
    assert page.count('data-testid="districts-') == 16 + ('data-testid="districts-none"' in page)
    assert client.get("/enquiries/figures.xlsx", {"year": 2026}).status_code == 200
    client.force_login(User.objects.get(username="huangpu-amr-staff"))
    mine = client.get("/enquiries/figures/", {"year": 2026}).context["data"]["total"]
    assert mine == Case.objects.filter(unit__key="huangpu-amr").count() > 0
