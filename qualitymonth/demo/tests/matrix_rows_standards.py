"""Permission-matrix rows of the group-standards app (see matrix.py for the vocabulary).

From public comment on a standard is public; before, it is its working group's (staff of the
proposer and drafting units: SAIC-GM's here) and the secretariat's, anyone else 404. The
working group answers comments; the secretariat approves proposals; anyone signed in comments.
"""

from qualitymonth.demo.tests.matrix import (
    EVERYONE,
    FILE,
    NOT_FOUND,
    POST_ONLY,
    SIGN_IN,
    WRITES,
    Row,
    answers,
    private,
    signed_in,
    staff_page,
)
from qualitymonth.standards.models import (
    Adoption,
    Answer,
    Comment,
    DraftVersion,
    Evaluation,
    PanelConflict,
    PanelMember,
    PilotProject,
    ReviewMeeting,
    Standard,
)

GROUP = ("own_admin", "own_reporter")
# Staff of a member unit propose (SAIC-GM's here; the bureaus are not members).
PROPOSERS = GROUP
SIGNED_IN_POST_ONLY = answers(POST_ONLY, anonymous=SIGN_IN)


def in_comment():
    return Standard.objects.get(title="汽车涂装车间质量巡检规范")


def drafting():
    return Standard.objects.get(title="新能源汽车电池包装配现场管理指南")


def published():
    return Standard.objects.get(title="生物医药智能制造生产现场管理实施指南")


def proposal():
    return Standard.objects.get(title="城市公共服务质量监测指南")


def a_panel_member():
    return PanelMember.objects.filter(meeting__standard=published()).first()


def an_evaluation():
    return Evaluation.objects.get(standard=published())


def a_pilot():
    return PilotProject.objects.get(title="汽车制造企业标准化良好行为示范试点")


def a_clause():
    return in_comment().versions.get().clauses.get(number="3")


ROWS = {
    "standards": [
        Row("standards:catalogue", EVERYONE, title=lambda: in_comment().title),
        Row(
            "standards:standard",
            private(*GROUP, "secretariat", anonymous=NOT_FOUND),
            args=lambda: [drafting().pk],
            title=lambda: drafting().title,
        ),
        Row("standards:mine", signed_in()),
        Row("standards:platform_export", staff_page("secretariat", answer=FILE)),
        Row(
            "standards:evaluate",
            staff_page("secretariat"),
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [published().pk],
            title=lambda: published().title,
            watch=lambda: Evaluation.objects.count(),
        ),
        Row(
            "standards:evaluation",
            staff_page("secretariat"),
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [an_evaluation().pk],
            title=lambda: published().title,
            watch=lambda: list(Evaluation.objects.values_list("result", "conclusion")),
        ),
        Row(
            "standards:declare_conflict",
            staff_page("secretariat", answer=POST_ONLY),
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [published().pk],
            watch=lambda: PanelConflict.objects.count(),
        ),
        Row(
            "standards:adopt",
            SIGNED_IN_POST_ONLY,
            post=answers(NOT_FOUND, anonymous=SIGN_IN, own_admin=WRITES, own_reporter=WRITES),
            args=lambda: [published().pk],
            watch=lambda: Adoption.objects.count(),
        ),
        Row("standards:pdf", answers(FILE), args=lambda: [published().pk], heavy=True),
        Row(
            "standards:propose",
            staff_page(*PROPOSERS),
            post=staff_page(*PROPOSERS, answer=WRITES),
            watch=lambda: Standard.objects.count(),
        ),
        Row("standards:pilots", EVERYONE, title=lambda: a_pilot().title),
        Row(
            "standards:pilot_new",
            staff_page("secretariat"),
            post=staff_page("secretariat", answer=WRITES),
            watch=lambda: PilotProject.objects.count(),
        ),
        Row(
            "standards:pilot",
            EVERYONE,
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [a_pilot().pk],
            title=lambda: a_pilot().title,
            watch=lambda: list(a_pilot().milestones.values_list("done_on", flat=True)),
        ),
        Row("standards:proposals", staff_page("secretariat"), title=lambda: proposal().title),
        Row(
            "standards:reject",
            staff_page("secretariat", answer=POST_ONLY),
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [proposal().pk],
            watch=lambda: proposal().state,
        ),
        Row(
            "standards:edit",
            private(*GROUP),
            post=private(*GROUP, answer=WRITES),
            args=lambda: [drafting().pk],
            title=lambda: drafting().title,
            watch=lambda: DraftVersion.objects.count(),
        ),
        Row(
            "standards:open_comment",
            staff_page("secretariat"),
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [drafting().pk],
            title=lambda: drafting().title,
            watch=lambda: drafting().state,
        ),
        Row(
            "standards:publish",
            staff_page("secretariat"),
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [in_comment().pk],
            title=lambda: in_comment().title,
            watch=lambda: in_comment().state,
        ),
        Row(
            "standards:review",
            staff_page("secretariat"),
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [published().pk],
            title=lambda: published().title,
            watch=lambda: ReviewMeeting.objects.count(),
        ),
        Row(
            "standards:add_expert",
            staff_page("secretariat", answer=POST_ONLY),
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [published().pk],
            watch=lambda: PanelMember.objects.count(),
        ),
        Row(
            "standards:conclusion",
            staff_page("secretariat", answer=POST_ONLY),
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [published().pk, a_panel_member().pk],
            watch=lambda: list(PanelMember.objects.values_list("conclusion", "comments")),
        ),
        Row(
            "standards:decide",
            staff_page("secretariat", answer=POST_ONLY),
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [published().pk],
            watch=lambda: list(ReviewMeeting.objects.values_list("decision", "minutes")),
        ),
        Row(
            "standards:withdraw",
            staff_page("secretariat", answer=POST_ONLY),
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [published().pk],
            watch=lambda: published().state,
        ),
        Row(
            "standards:revise",
            staff_page("secretariat"),
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [published().pk],
            title=lambda: published().title,
            watch=lambda: Standard.objects.count(),
        ),
        Row(
            "standards:approve",
            staff_page("secretariat", answer=POST_ONLY),
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: [proposal().pk],
            watch=lambda: proposal().state,
        ),
        Row(
            "standards:answers",
            private(*GROUP, "secretariat"),
            post=private(*GROUP, "secretariat", answer=WRITES),
            args=lambda: [in_comment().pk],
            title=lambda: in_comment().title,
            watch=lambda: Answer.objects.count(),
        ),
        Row(
            "standards:finalise",
            SIGNED_IN_POST_ONLY,
            post=private(*GROUP, "secretariat", answer=WRITES),
            args=lambda: [in_comment().pk],
            watch=lambda: in_comment().state,
        ),
        Row(
            "standards:diff",
            EVERYONE,
            args=lambda: [published().pk],
            title=lambda: published().title,
        ),
        Row(
            "standards:import",
            private(*GROUP),
            post=private(*GROUP, answer=WRITES),
            args=lambda: [drafting().pk],
            title=lambda: drafting().title,
            watch=lambda: DraftVersion.objects.count(),
        ),
        Row(
            "standards:handling",
            EVERYONE,
            args=lambda: [published().pk],
            title=lambda: published().title,
        ),
        Row("standards:xlsx", answers(FILE), args=lambda: [published().pk]),
        Row("standards:docx", answers(FILE), args=lambda: [published().pk]),
        Row(
            "standards:comment",
            SIGNED_IN_POST_ONLY,
            post=answers(WRITES, anonymous=SIGN_IN),
            args=lambda: [a_clause().pk],
            watch=lambda: Comment.objects.count(),
        ),
    ]
}
