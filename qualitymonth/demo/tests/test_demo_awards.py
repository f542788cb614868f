"""The demo recognition programs: two past rounds with their lists, one round under review."""

import pytest
from django.utils import timezone

from qualitymonth.awards import selectors, services
from qualitymonth.awards.models import (
    Application,
    Assignment,
    AssignmentStatus,
    Certificate,
    Conflict,
    Notice,
    NoticeKind,
    Objection,
    Panel,
    Program,
    Review,
    Round,
    Rubric,
    Score,
)
from qualitymonth.core.models import AuditEntry
from qualitymonth.core.workdays import Calendar
from qualitymonth.demo.loader import DEMO_PASSWORD, load_all
from qualitymonth.organizations.models import Role, User

QTA = "2025年度上海市质量技术奖"
CRAFT = "第三届上海质量工匠"
QC = "2026年QC小组成果发表"
TEMPLATE = "QC小组问题解决型课题成果评价"


def test_the_three_rounds_and_their_applications_are_demo_data(demo):
    rounds = {r.title: r for r in Round.objects.filter(title__in=[QTA, CRAFT, QC])}
    assert {title: r.status for title, r in rounds.items()} == {
        QTA: "final",
        CRAFT: "final",
        QC: "review",
    }
    assert all(r.is_demo for r in rounds.values())
    assert Application.objects.exists()
    assert not Application.objects.filter(is_demo=False).exists()
    assert {p.code for p in Program.objects.all()} >= {"QTA", "CRAFT", "QCR"}


def test_the_quality_technology_award_went_from_public_notice_to_the_final_list(demo):
    round_ = Round.objects.get(title=QTA)
    proposed = round_.notices.get(kind=NoticeKind.PROPOSED)
    final = round_.notices.get(kind=NoticeKind.FINAL)
    assert proposed.ends_on == Calendar().last_of_period(proposed.starts_on, 7)
    assert timezone.localdate(final.published_at) > proposed.ends_on
    entries = selectors.public_entries(round_)
    assert [a.grade.name for a in entries] == ["一等奖"] + ["二等奖"] * 3 + ["三等奖"] * 4
    assert all("（示例）" in a.holder_name for a in entries)
    serials = [a.certificate.serial for a in entries]
    assert serials == [f"QTA-2025-{n:04d}" for n in range(1, len(entries) + 1)]
    assert round_.applications.filter(status="not_awarded", certificate__isnull=True).count() == 2
    assert Objection.objects.get(notice=proposed).status == "rejected"


def test_its_certificates_verify_on_the_public_page(demo, client):
    certificates = Certificate.objects.filter(serial__startswith="QTA-2025-")
    assert certificates.count() == 8
    for certificate in certificates:
        response = client.get(f"/awards/verify/{certificate.serial}/")
        assert response.status_code == 200
        page = response.content.decode()
        assert 'class="verdict good"' in page
        assert certificate.holder_name in page
        assert certificate.application.grade.name in page
    assert client.get("/awards/verify/QTA-2025-0999/").status_code == 404


def test_the_craftsmen_are_named_in_stroke_order(demo):
    round_ = Round.objects.get(title=CRAFT)
    assert round_.program.applicant_kind == "person"
    assert set(round_.notices.values_list("kind", flat=True)) == {"proposed", "final"}
    names = [a.holder_name for a in selectors.public_entries(round_)]
    assert [name[0] for name in names] == ["丁", "王", "石", "许", "周", "顾", "程"]
    serials = Certificate.objects.filter(application__round=round_).values_list("serial", flat=True)
    assert sorted(serials) == [f"CRAFT-2025-{n:04d}" for n in range(1, 8)]


def test_the_qc_round_scores_with_its_own_copy_of_the_shipped_rubric(demo):
    round_ = Round.objects.get(title=QC)
    template = Rubric.objects.get(is_template=True, name=TEMPLATE)
    assert round_.rubric != template and not round_.rubric.is_template

    def criteria(rubric):
        return list(rubric.criteria.values_list("name", "max_points", "weight"))

    assert criteria(round_.rubric) == criteria(template)
    assert (round_.aggregation, round_.trim_from, round_.min_reviews) == ("trimmed", 5, 3)
    assert list(round_.grades.values_list("name", flat=True)) == ["一等奖", "二等奖", "三等奖"]
    scores = Score.objects.filter(review__assignment__application__round=round_)
    assert scores.exists()
    assert all(0 <= s.points <= s.criterion.max_points for s in scores.select_related("criterion"))


def test_the_qc_ranking_combines_the_submitted_reviews(demo):
    rows = selectors.ranking_of(Round.objects.get(title=QC))
    assert len(rows) == 12
    assert all(row.combined is not None and row.reviews >= 3 for row in rows)
    assert [row.rank for row in rows] == sorted(row.rank for row in rows)
    five = next(row for row in rows if row.reviews == 5)
    assert five.combined == pytest.approx(sum(sorted(five.totals)[1:-1]) / 3)
    three = next(row for row in rows if row.reviews == 3)
    assert three.combined == pytest.approx(three.mean)


def test_the_new_accounts_sign_in_with_the_demo_password(demo):
    for username in ("reviewer-2", "reviewer-6", "jiangnan-reporter"):
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    assert demo["award_people"]["created"] == 16


def test_the_qc_panel_has_six_reviewers_and_no_one_reviews_across_a_conflict(demo):
    round_ = Round.objects.get(title=QC)
    reviewers = Panel.objects.get(round=round_).reviewers.all()
    assert reviewers.count() == 6 and reviewers.filter(username="reviewer").exists()
    assert all(r.positions.filter(role=Role.REVIEWER).exists() for r in reviewers)
    assignments = Assignment.objects.filter(application__round=round_).select_related(
        "reviewer", "application"
    )
    active = [a for a in assignments if a.status == AssignmentStatus.ASSIGNED]
    assert all(services.conflict_reason(a.reviewer, a.application) is None for a in active)
    assert any(a.status == AssignmentStatus.RECUSED for a in assignments)
    assert Conflict.objects.filter(round=round_).exists()
    assert not assignments.filter(
        reviewer__username="reviewer-4", application__applicant_unit__key="shentong-metro"
    ).exists()
    unsubmitted = Review.objects.filter(assignment__in=assignments, submitted_at__isnull=True)
    assert 1 <= unsubmitted.count() <= 2


def test_the_award_pages_open_on_the_demo_data(demo, client):
    def page(url):
        response = client.get(url)
        assert response.status_code == 200, url
        return response.content.decode()

    for round_ in Round.objects.filter(title__in=[QTA, CRAFT, QC]):
        assert round_.title in page(f"/awards/rounds/{round_.pk}/")
    for notice in Notice.objects.select_related("round"):
        assert notice.round.title in page(f"/awards/notices/{notice.pk}/")
    assert QTA in page("/awards/")
    client.force_login(User.objects.get(username="secretariat"))
    qc = Round.objects.get(title=QC)
    manage = page(f"/awards/rounds/{qc.pk}/manage/")
    assert qc.title in manage and qc.applications.first().holder_name in manage
    client.force_login(User.objects.get(username="reviewer"))
    mine = Assignment.objects.filter(reviewer__username="reviewer", status="assigned").first()
    assert mine.application.round.title in page("/awards/reviews/")
    review = page(f"/awards/reviews/{mine.pk}/")
    assert mine.application.title in review and 'data-testid="materials"' in review


def test_loading_twice_changes_nothing(demo):
    models = [
        Program,
        Round,
        Rubric,
        Application,
        Panel,
        Conflict,
        Assignment,
        Review,
        Score,
        Notice,
        Objection,
        Certificate,
        User,
        AuditEntry,
    ]
    before = {model.__name__: model.objects.count() for model in models}
    scores = list(Score.objects.order_by("pk").values_list("pk", "points"))
    report = load_all()
    for name in ("award_people", "award_programs", "award_rounds"):
        assert report[name]["created"] == report[name]["updated"] == 0
    assert {model.__name__: model.objects.count() for model in models} == before
    assert list(Score.objects.order_by("pk").values_list("pk", "points")) == scores
