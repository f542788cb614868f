"""List pages ask the database a fixed number of times, however many rows they show."""

import pytest

from conftest import make_unit
from qualitymonth.quality.services.csr import check_and_publish, submit_csr_report
from qualitymonth.quality.tests.conftest import register
from tests.queries import assert_flat

pytestmark = pytest.mark.django_db


def test_the_team_registry_is_flat(client, enterprise_admin, enterprise):
    register(enterprise, "甲组", 2026, "A-1", [("王芳", "leader")])
    client.force_login(enterprise_admin)

    def more():
        for n in range(2, 7):
            register(enterprise, f"组{n}", 2026, f"A-{n}", [("王芳", "leader"), (f"人{n}",)])

    def shown(page, n):
        assert page.count("甲组") >= 1 and (n == "few" or "组6" in page)

    assert_flat(client, "/quality/teams/", more, shows=shown)


def test_the_csr_list_is_flat(client, secretariat):
    def report(n):
        unit = make_unit(key=f"csr-{n}", name=f"报告企业{n}")
        published = submit_csr_report(
            actor=None,
            enterprise=unit,
            year=2025,
            industry="food",
            pdf=None,
            is_demo=True,
            figures=[{"indicator": "carbon", "value": "5", "unit": "t"}],
        )
        check_and_publish(actor=secretariat, report=published)

    report(1)
    assert_flat(client, "/quality/csr/", lambda: [report(n) for n in range(2, 6)])


def test_the_figures_page_is_flat(client, enterprise):
    register(enterprise, "甲组", 2026, "A-1", [("王芳", "leader")])
    assert_flat(
        client,
        "/quality/figures/?year=2026",
        lambda: [
            register(enterprise, f"组{n}", 2026, f"B-{n}", [("李", "leader")]) for n in range(5)
        ],
    )
