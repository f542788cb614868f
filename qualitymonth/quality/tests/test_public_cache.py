"""The public quality pages kept for anonymous readers (core/cache.py): the team counts, the
figures, the CSR reports, the staged programs and the case library show a write at once, each
year or search is its own page, and a signed-in reader never gets the visitors' page nor they
theirs."""

import re

import pytest

from conftest import Client, make_unit
from qualitymonth.core.tests import sign_in_support
from qualitymonth.core.tests.cache_support import (
    assert_kept_apart,
    page_cache,  # noqa: F401  (autouse)
    queries_to_read,
    read,
)
from qualitymonth.quality.models import Case
from qualitymonth.quality.services.csr import check_and_publish, submit_csr_report
from qualitymonth.quality.tests.conftest import register, staged_program

each_cache = sign_in_support.each_cache  # each test with local memory, then with Redis
pytestmark = pytest.mark.django_db
COUNTS, FIGURES, CSR = "/quality/teams/counts/", "/quality/figures/", "/quality/csr/"
PROGRAMS, CASES = "/quality/programs/", "/quality/cases/"


def visitor() -> Client:
    """A visitor reading in English (the figures' labels are matched in it)."""
    client = Client()
    client.cookies["qm_language"] = "en"
    return client


def kept(url) -> None:
    read(Client(), url)
    assert queries_to_read(Client(), url) == 0  # from the cache


def teams_figure(url) -> str:
    return re.search(r"Teams registered</th><td>(\d+)<", read(visitor(), url))[1]


def test_a_new_team_counts_at_once_in_the_counts_and_the_figures(each_cache, enterprise):
    register(enterprise, "甲组", 2026, "A-1", [("王芳", "leader")])
    assert "2026: 1 teams" in read(visitor(), f"{COUNTS}?year=2026")
    assert teams_figure(f"{FIGURES}?year=2026") == "1"
    for url in (f"{COUNTS}?year=2026", f"{FIGURES}?year=2026"):
        assert queries_to_read(visitor(), url) == 0  # from the cache
    assert enterprise.display_name not in read(Client(), f"{COUNTS}?year=2025")

    register(enterprise, "乙组", 2026, "A-2", [("李", "leader")])

    assert "2026: 2 teams" in read(visitor(), f"{COUNTS}?year=2026")
    assert teams_figure(f"{FIGURES}?year=2026") == "2"


def test_a_published_csr_report_shows_at_once(each_cache, secretariat):
    kept(CSR)
    unit = make_unit(key="csr-1", name="报告企业甲")
    report = submit_csr_report(
        actor=None,
        enterprise=unit,
        year=2025,
        industry="food",
        pdf=None,
        is_demo=True,
        figures=[{"indicator": "carbon", "value": "5", "unit": "t"}],
    )
    assert "报告企业甲" not in read(Client(), CSR)  # submitted, not yet published

    check_and_publish(actor=secretariat, report=report)

    assert "报告企业甲" in read(Client(), CSR)


def test_a_new_staged_program_shows_at_once(each_cache, secretariat):
    kept(PROGRAMS)

    staged_program(secretariat)

    assert "2026年QC成果" in read(Client(), PROGRAMS)


def test_a_new_case_shows_at_once_and_each_search_is_its_own_page(each_cache, enterprise):
    kept(CASES)
    kept(f"{CASES}?q=精益")

    Case.objects.create(
        enterprise=enterprise,
        title="焊装车间精益改善",
        industry="manufacturing",
        method="lean",
        summary="精益改善。",
    )

    assert "焊装车间精益改善" in read(Client(), CASES)
    assert "焊装车间精益改善" in read(Client(), f"{CASES}?q=精益")
    assert "焊装车间精益改善" not in read(Client(), f"{CASES}?q=六西格玛")


@pytest.mark.parametrize("url", [COUNTS, FIGURES, CSR, PROGRAMS, CASES])
def test_a_signed_in_reader_and_a_visitor_never_get_each_others_page(each_cache, url, secretariat):
    assert_kept_apart(url, secretariat)
