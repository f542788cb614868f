import contextlib
import sqlite3

import pytest
from django.core.management import call_command

from qualitymonth.core.models import AuditEntry
from qualitymonth.demo.loader import DEMO_PASSWORD, load_all
from qualitymonth.organizations.models import Membership, Unit, UnitKind, User
from tests.databases import demo_sqlite


def test_it_loads_the_sixteen_districts_with_their_division_codes(demo):
    districts = Unit.objects.filter(kind=UnitKind.DISTRICT)
    assert districts.count() == 16
    assert districts.get(name="浦东新区").division_code == "310115"
    assert districts.get(name="静安区").name_en == "Jing'an District"


def test_it_loads_the_association_with_its_council_units(demo):
    council = Membership.objects.filter(association__key="sqa", level="council")
    assert "上海春秋国际旅行社（集团）有限公司" in {m.unit.name for m in council}


def test_it_loads_the_enterprises_of_the_2020_round_up(demo):
    for name in ["上汽通用汽车有限公司", "光明乳业股份有限公司", "书香门地集团股份有限公司"]:
        assert Unit.objects.filter(name=name, kind=UnitKind.ENTERPRISE).exists()


def test_traditional_names_are_filled_in(demo):
    assert Unit.objects.get(key="huangpu").name_zh_hant == "黃浦區"


def test_every_role_has_a_demo_account_that_can_sign_in(demo):
    roles = set(User.objects.values_list("positions__role", flat=True))
    assert roles == {
        "secretariat",
        "unit_admin",
        "reporter",
        "reviewer",
        "inspector",
        "case_handler",
        None,
    }
    assert User.objects.get(username="secretariat").check_password(DEMO_PASSWORD)


def test_loading_twice_changes_nothing(demo):
    before = {u.key: u.updated_at for u in Unit.objects.all()}
    audit_before = AuditEntry.objects.count()
    report = load_all()
    assert all(counts["created"] == counts["updated"] == 0 for counts in report.values())
    assert {u.key: u.updated_at for u in Unit.objects.all()} == before
    assert AuditEntry.objects.count() == audit_before


def test_the_demo_command_prints_how_to_sign_in(demo, capsys):
    # Over the shared load: the console command below loads into an empty database.
    call_command("demo", no_serve=True)
    out = capsys.readouterr().out
    assert "secretariat" in out
    assert DEMO_PASSWORD in out


@pytest.mark.process
def test_the_console_command_runs_the_demo_on_the_database_url():
    # `demo --no-serve` on a copy of the migrated database (the console's `migrate` on an empty
    # one is what makes it), run once per state of the code by tests/databases.py, whose copies
    # of the demo site the browser and backup tests use; loading twice changing nothing is
    # test_loading_twice_changes_nothing. It raises, with the command's output, if it failed.
    site = demo_sqlite()
    out = (site / "demo.out").read_text(encoding="utf-8")
    assert "units: 67 created" in out
    # The 215 streets and towns of the surveys: 2 of them are units of 010_units.yaml.
    assert "survey_streets: 213 created, 0 updated, 2 unchanged" in out
    assert "secretariat" in out
    assert DEMO_PASSWORD in out
    # Written where DATABASE_URL pointed.
    with contextlib.closing(sqlite3.connect(site / "db.sqlite3")) as written:
        users = written.execute("SELECT username FROM organizations_user").fetchall()
    assert ("secretariat",) in users
