"""Permission-matrix rows of the quality app (see matrix.py for the vocabulary).

An enterprise's teams, results and records are its staff's and the secretariat's (anyone
else 404); the registry and registering are for staff of some unit and the secretariat;
the counts and figures are public.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from qualitymonth.demo.tests.matrix import (
    EVERYONE,
    FILE,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    POST_ONLY,
    SIGN_IN,
    WRITES,
    Row,
    answers,
    private,
    staff_page,
)
from qualitymonth.quality.models import (
    Benefit,
    CSRReport,
    Honour,
    NationalOutcome,
    Registration,
    Result,
    SelfAssessment,
    Stage,
    StagedProgram,
    Team,
)

STAFF = ("own_admin", "own_reporter", "other_admin", "other_reporter", "secretariat")
OWNERS = ("own_admin", "own_reporter", "secretariat")


def sgm_team():
    return Team.objects.get(name="总装车间精益QC小组")


def sgm_registration():
    return Registration.objects.get(number="SGM-QC-2026-01")


def sgm_result():
    return Result.objects.get(title="降低涂装橘皮缺陷率")


SIGNED_IN_POST_ONLY = answers(POST_ONLY, anonymous=SIGN_IN)


def qc_program():
    return StagedProgram.objects.get(title="2026年度上海市优秀质量管理小组成果分级评审")


def first_stage():
    return Stage.objects.get(program=qc_program(), position=1)


def an_outcome():
    return NationalOutcome.objects.filter(program=qc_program()).order_by("pk").first()


def sgm_assessment():
    return SelfAssessment.objects.get(enterprise__key="saic-gm", year=2026)


def sgm_draft_assessment():
    return SelfAssessment.objects.get(enterprise__key="saic-gm", year=2025)


def pending_benefit():
    return Benefit.objects.filter(confirmed_at__isnull=True).order_by("pk").first()


def _written(field) -> None:
    """The demo's files are written when the load commits; the test's load never does."""
    if not default_storage.exists(field.name):
        default_storage.save(field.name, ContentFile(b"%PDF-1.4 demo"))


def sgm_report(year):
    report = CSRReport.objects.get(enterprise__key="saic-gm", year=year)
    _written(report.pdf)
    return report


def evidenced_benefit():
    benefit = Benefit.objects.exclude(evidence="").get(result=sgm_result(), kind="cost")
    _written(benefit.evidence)
    return benefit


def sgm_honour():
    honour = Honour.objects.get(enterprise__key="saic-gm", name="上海市质量金奖")
    _written(honour.proof)
    return honour


def pending_honour():
    return Honour.objects.filter(confirmed_at__isnull=True).order_by("pk").first()


ROWS = {
    "quality": [
        Row("quality:teams", staff_page(*STAFF)),
        Row(
            "quality:register",
            staff_page(*STAFF),
            post=staff_page(*STAFF, answer=WRITES),
            watch=lambda: Registration.objects.count(),
        ),
        Row(
            "quality:import",
            staff_page(*STAFF),
            post=staff_page(*STAFF, answer=WRITES),
            watch=lambda: Registration.objects.count(),
        ),
        Row("quality:counts", EVERYONE),
        Row(
            "quality:team",
            private(*OWNERS),
            args=lambda: [sgm_team().pk],
            title=lambda: sgm_team().name,
        ),
        Row(
            "quality:result",
            private(*OWNERS),
            args=lambda: [sgm_result().pk],
            title=lambda: sgm_result().title,
        ),
        # Only the enterprise's own staff add results (the secretariat checks, not writes).
        Row(
            "quality:add_result",
            SIGNED_IN_POST_ONLY,
            post=private("own_admin", "own_reporter", answer=WRITES),
            args=lambda: [sgm_registration().pk],
            watch=lambda: Result.objects.count(),
        ),
        Row("quality:programs", EVERYONE),
        Row(
            "quality:program_new",
            staff_page("secretariat"),
            post=staff_page("secretariat", answer=WRITES),
            watch=lambda: StagedProgram.objects.count(),
        ),
        Row(
            "quality:program",
            EVERYONE,
            args=lambda: [qc_program().pk],
            title=lambda: qc_program().title,
        ),
        # Entries are public; the scores only for the secretariat and the stage's panel.
        Row("quality:stage", EVERYONE, args=lambda: [first_stage().pk]),
        Row(
            "quality:open_stage",
            SIGNED_IN_POST_ONLY,
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [first_stage().pk],
            watch=lambda: first_stage().status,
        ),
        Row(
            "quality:close_stage",
            SIGNED_IN_POST_ONLY,
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [first_stage().pk],
            watch=lambda: first_stage().status,
        ),
        # Without a result of one's own in the body, nothing is found to enter.
        Row(
            "quality:enter_result",
            SIGNED_IN_POST_ONLY,
            post=private(),
            args=lambda: [first_stage().pk],
            watch=lambda: Result.objects.filter(application__isnull=False).count(),
        ),
        Row(
            "quality:record_outcome",
            SIGNED_IN_POST_ONLY,
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [an_outcome().pk],
            watch=lambda: NationalOutcome.objects.filter(awarded__isnull=False).count(),
        ),
        # Each signed-in person sees the self-assessments they may open (maybe none).
        Row("quality:assessments", answers(OK, anonymous=SIGN_IN)),
        # A saved draft is edited by its enterprise's staff only; the secretariat reads it.
        Row(
            "quality:assessment_edit",
            private("own_admin", "own_reporter", secretariat=FORBIDDEN),
            post=private("own_admin", "own_reporter", answer=WRITES, secretariat=FORBIDDEN),
            args=lambda: [sgm_draft_assessment().pk],
            watch=lambda: list(
                sgm_draft_assessment().items.values_list("code", "self_points", "strengths")
            ),
        ),
        Row(
            "quality:assessment_new",
            staff_page(*STAFF),
            post=staff_page(*STAFF, answer=WRITES),
            watch=lambda: SelfAssessment.objects.count(),
        ),
        # The secretariat scores (POST); the enterprise's staff read it, as submitted.
        Row(
            "quality:assessment",
            private(*OWNERS),
            post=private("secretariat", answer=WRITES, own_admin=FORBIDDEN, own_reporter=FORBIDDEN),
            args=lambda: [sgm_assessment().pk],
            watch=lambda: sgm_assessment().scored_at,
        ),
        Row(
            "quality:assessment_submit",
            SIGNED_IN_POST_ONLY,
            post=private("own_admin", "own_reporter", answer=WRITES, secretariat=FORBIDDEN),
            args=lambda: [sgm_assessment().pk],
            watch=lambda: sgm_assessment().submitted_at,
        ),
        Row(
            "quality:claim_benefit",
            SIGNED_IN_POST_ONLY,
            post=private("own_admin", "own_reporter", answer=WRITES),
            args=lambda: [sgm_result().pk],
            watch=lambda: Benefit.objects.count(),
        ),
        Row("quality:benefits_queue", staff_page("secretariat")),
        Row(
            "quality:confirm_benefit",
            SIGNED_IN_POST_ONLY,
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [pending_benefit().pk],
            watch=lambda: Benefit.objects.filter(confirmed_at__isnull=True).count(),
        ),
        Row("quality:benefit_drilldown", EVERYONE, args=lambda: ["cost"]),
        Row("quality:figures", EVERYONE),
        Row("quality:csr_reports", EVERYONE),
        Row(
            "quality:csr_submit",
            staff_page(*STAFF),
            post=staff_page(*STAFF, answer=WRITES),
            watch=lambda: CSRReport.objects.count(),
        ),
        # The secretariat checks a submitted report (with a note), then publishes a checked one.
        Row(
            "quality:csr_check",
            SIGNED_IN_POST_ONLY,
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [CSRReport.objects.get(enterprise__key="saic-gm", year=2026).pk],
            data={"note": "已核对"},
            watch=lambda: CSRReport.objects.filter(status="checked").count(),
        ),
        Row(
            "quality:csr_publish",
            SIGNED_IN_POST_ONLY,
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [CSRReport.objects.get(enterprise__key="bright-dairy", year=2025).pk],
            watch=lambda: CSRReport.objects.filter(status="published").count(),
        ),
        # A draft report's PDF is only its enterprise's and the secretariat's, as are a
        # benefit's evidence and an honour's proof (a published report's is anyone's: one row
        # a name, so that case is in quality/tests/test_files.py).
        Row(
            "quality:csr_pdf",
            private(*OWNERS, answer=FILE, anonymous=NOT_FOUND),
            args=lambda: [sgm_report(2026).pk],
        ),
        Row(
            "quality:benefit_evidence",
            private(*OWNERS, answer=FILE, anonymous=NOT_FOUND),
            args=lambda: [evidenced_benefit().pk],
        ),
        Row(
            "quality:honours",
            staff_page(*STAFF),
            post=staff_page(*STAFF, answer=WRITES),
            watch=lambda: Honour.objects.count(),
        ),
        Row(
            "quality:confirm_honour",
            SIGNED_IN_POST_ONLY,
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [pending_honour().pk],
            watch=lambda: Honour.objects.filter(confirmed_at__isnull=True).count(),
        ),
        Row(
            "quality:honour_proof",
            private(*OWNERS, answer=FILE),
            args=lambda: [sgm_honour().pk],
        ),
        Row("quality:cases", EVERYONE),
        Row(
            "quality:promote",
            SIGNED_IN_POST_ONLY,
            post=private("own_admin", "own_reporter", answer=WRITES),
            args=lambda: [sgm_result().pk],
            watch=lambda: Result.objects.filter(case__isnull=False).count(),
        ),
    ]
}
