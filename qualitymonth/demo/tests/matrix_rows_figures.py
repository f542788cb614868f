"""Permission-matrix rows of the figures app (see matrix.py for the vocabulary).

The year page is public; the secretariat's page, recomputing, publishing and entering a
figure by hand are the secretariat's. The city dashboard is the secretariat's; a district's
dashboard is its own staff's (those of its bureaus too) and the secretariat's, and answers
404 to anyone else.
"""

from django_tasks_db.models import DBTaskResult

from qualitymonth.demo.tests.matrix import (
    EVERYONE,
    FILE,
    HUANGPU,
    POST_ONLY,
    REDIRECT,
    WRITES,
    Row,
    answers,
    private,
    staff_page,
)
from qualitymonth.figures.models import HandEntry, OpenDataExport, PublishedYear, Report, Section
from qualitymonth.figures.services_open_data import build_open_data
from qualitymonth.organizations.models import Unit

YEAR = [2026]
WHITE_PAPER = "2026年上海市质量白皮书（草稿）"


def white_paper() -> list:
    return [Report.objects.get(title=WHITE_PAPER).pk]


def white_paper_section(direction=None) -> list:
    section = Section.objects.filter(report__title=WHITE_PAPER).order_by("position").first()
    return [section.pk, direction] if direction else [section.pk]


def sections() -> list:
    return list(Section.objects.filter(report__title=WHITE_PAPER).values_list("pk", "position"))


ROWS = {
    "figures": [
        Row("figures:index", answers(REDIRECT)),
        Row("figures:year", EVERYONE, args=lambda: YEAR),
        Row("figures:manage", staff_page("secretariat"), args=lambda: YEAR),
        Row(
            "figures:recompute",
            answers(POST_ONLY),
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: YEAR,
            watch=lambda: DBTaskResult.objects.count(),
        ),
        Row(
            "figures:publish",
            answers(POST_ONLY),
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: YEAR,
            watch=lambda: PublishedYear.objects.count(),
        ),
        Row(
            "figures:enter",
            staff_page("secretariat"),
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: YEAR,
            watch=lambda: HandEntry.objects.count(),
        ),
        Row("figures:city_dashboard", staff_page("secretariat"), title=lambda: "全市数据看板"),
        Row(
            "figures:district_dashboard",
            private("own_admin", "own_reporter", "secretariat"),
            owner=HUANGPU,
            args=lambda: [Unit.objects.get(key="huangpu").pk],
            title=lambda: "黄浦区数据看板",
        ),
        Row("figures:terms", EVERYONE),
        Row("figures:term", EVERYONE, args=lambda: [5], title=lambda: "第五届理事会"),
        Row(
            "figures:reports",
            staff_page("secretariat"),
            post=staff_page("secretariat", answer=WRITES),
            watch=lambda: Report.objects.count(),
        ),
        Row(
            "figures:report",
            staff_page("secretariat"),
            post=staff_page("secretariat", answer=WRITES),
            args=white_paper,
            title=lambda: WHITE_PAPER,
            watch=sections,
        ),
        Row("figures:report_docx", staff_page("secretariat", answer=FILE), args=white_paper),
        Row(
            "figures:report_pdf",
            staff_page("secretariat", answer=FILE),
            args=white_paper,
            heavy=True,
        ),
        Row(
            "figures:section_remove",
            answers(POST_ONLY),
            post=staff_page("secretariat", answer=WRITES),
            args=white_paper_section,
            watch=sections,
        ),
        Row(
            "figures:section_move",
            answers(POST_ONLY),
            post=staff_page("secretariat", answer=WRITES),
            args=lambda: white_paper_section("down"),
            watch=sections,
        ),
        Row("figures:open_data", EVERYONE),
        # The matrix runs with its own media folder: the demo's download is written there first.
        Row("figures:open_data_download", answers(FILE), args=lambda: build_open_data() and []),
        Row(
            "figures:open_data_regenerate",
            answers(POST_ONLY),
            post=staff_page("secretariat", answer=WRITES),
            watch=lambda: (DBTaskResult.objects.count(), OpenDataExport.objects.count()),
        ),
    ]
}
