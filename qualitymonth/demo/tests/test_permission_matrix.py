"""Every URL of the platform × every persona, with the answer each must get (the spec of who
may open what). The rows are in matrix_rows.py and matrix_api_rows.py; the vocabulary in
matrix.py. A URL pattern without a row fails the first test, naming it.

Outsiders are answered 404 for another unit's object, never shown its data; pages without an
object answer 403 to signed-in people whose role does not allow them; anonymous visitors are
sent to sign in. Refused POSTs are sent with a minimal body and must leave the data as it was.
"""

import importlib
import shutil
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import Client, make_person
from qualitymonth.core.models import AuditEntry
from qualitymonth.demo.tests import matrix_objects as o
from qualitymonth.demo.tests.matrix import HUANGPU, PERSONAS, SGM, Row, username_of
from qualitymonth.demo.tests.matrix_api_rows import API_ROWS
from qualitymonth.demo.tests.matrix_rows import ROWS
from qualitymonth.enquiries.models import CaseEvent
from qualitymonth.organizations.models import Role, Unit, User
from qualitymonth.training.models import Lesson
from tests.answers import assert_not_found, assert_sent_to_sign_in

# Permissions are rules in Python, the same on either database: checked in the SQLite pass.
pytestmark = pytest.mark.once


def rows_of_newer_apps():
    """Each app added later keeps its rows in its own `matrix_rows_<app>.py` beside this file
    (a dict ROWS of app → rows), so that apps built side by side never edit one file."""
    package = Path(__file__).parent
    found = {}
    for path in sorted(package.glob("matrix_rows_*.py")):
        module = importlib.import_module(f"qualitymonth.demo.tests.{path.stem}")
        found.update(module.ROWS)
    return found


ALL_ROWS = {**ROWS, **rows_of_newer_apps(), "api": API_ROWS}


def url_names(resolver=None, namespace=None):
    """(name, route) of every pattern under `resolver`, names prefixed by their namespaces;
    the Django admin's own are left to test_the_admin_is_the_secretariats."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if inner == "admin":
                continue
            full = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from url_names(pattern, full)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name, str(pattern.pattern)


def test_every_url_name_has_a_row_and_every_row_a_url():
    found = set(url_names())
    unnamed = sorted(route for name, route in found if name is None)
    names = {name for name, _route in found if name}
    rows = [row.name for rows in ALL_ROWS.values() for row in rows]
    doubled = sorted({name for name in rows if rows.count(name) > 1})
    assert not unnamed, f"URL patterns without a name (give each one): {unnamed}"
    assert not sorted(names - set(rows)), (
        f"URL names with no row in the permission matrix: {sorted(names - set(rows))}"
    )
    assert not sorted(set(rows) - names), (
        f"rows naming URLs that no longer exist: {sorted(set(rows) - names)}"
    )
    assert not doubled, f"URL names with two rows: {doubled}"


class People:
    """One signed-in client per person, kept for the test. All sign in first: a session
    saved inside a row's rolled-back savepoint would be gone for the next row."""

    def __init__(self, *, eager=True):
        self.clients = {}
        for owner in (SGM, HUANGPU) if eager else ():
            for persona in PERSONAS:
                self.client(persona, owner)

    def client(self, persona: str, owner: str) -> Client:
        username = username_of(persona, owner)
        if username not in self.clients:
            client = Client()
            if username is not None:
                client.force_login(User.objects.get(username=username))
            self.clients[username] = client
        return self.clients[username]


@pytest.fixture
def matrix_data(demo, settings, tmp_path):
    # The matrix's writes go to a scratch folder; the demo's lesson videos and their posters,
    # which its rows read, come along.
    demo_media = Path(settings.MEDIA_ROOT)
    settings.MEDIA_ROOT = tmp_path / "media"
    for lesson in Lesson.objects.exclude(video=""):
        for name in (lesson.video.name, lesson.poster.name):
            if name and (demo_media / name).exists():
                (settings.MEDIA_ROOT / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(demo_media / name, settings.MEDIA_ROOT / name)
    # The demo has no reporter at the Huangpu bureau; the owning unit's reporter of its rows.
    make_person("huangpu-reporter", unit=Unit.objects.get(key=HUANGPU), role=Role.REPORTER)


@pytest.fixture
def people(matrix_data):
    return People()


def _url(row: Row) -> str:
    if row.path is not None:
        return row.path
    args = row.args()
    url = reverse(row.name, kwargs=args) if isinstance(args, dict) else reverse(row.name, args=args)
    return url + (f"?{row.query}" if row.query else "")


def _snapshot(row: Row):
    return AuditEntry.objects.count(), row.watch() if row.watch else None


def _ask(people, row, url, method, persona, title):
    """Send one request and check the answer; returns a failure message or None."""
    expected = (row.get if method == "GET" else row.post)[persona]
    client = people.client(persona, row.owner)
    if method == "GET":
        response = client.get(url)
        before = after = None
    else:
        before = _snapshot(row)
        send = getattr(client, row.method)
        if row.content_type:
            response = send(url, row.data, content_type=row.content_type)
        else:
            response = send(url, row.data)
        after = _snapshot(row)
    try:
        expected.check(response, title)
    except AssertionError as error:
        return f"{method} {row.name} ({url}) as {persona}: expected {expected!r}, {error}"
    if before != after:
        return f"POST {row.name} as {persona} was refused but changed data: {before} → {after}"
    return None


def check_rows(people, rows, *, known=False, only=None):
    """Ask every row as every persona; the failures, one line each."""
    failures = []
    for row in rows:
        # What a row makes or changes to reach its object is undone before the next row.
        with transaction.atomic():
            failures += _check_row(people, row, known, only)
            transaction.set_rollback(True)
    return failures


def _cells(row, known, only):
    """(method, persona) of the row to ask: allowed writes are not sent, and a heavy
    document is fetched by its first allowed persona only."""
    for method, table in (("GET", row.get), ("POST", row.post)):
        fetched_allowed = False
        for persona in PERSONAS if table else ():
            expected = table[persona]
            if ((method, persona) in row.known) != known or only not in (None, (method, persona)):
                continue
            if expected.check is None or (method == "POST" and expected.allowed):
                continue
            if row.heavy and expected.allowed:
                if fetched_allowed:
                    continue
                fetched_allowed = True
            yield method, persona


def _check_row(people, row, known, only):
    url = _url(row)
    title = row.title() if row.title else None
    asked = (
        _ask(people, row, url, method, persona, title)
        for method, persona in _cells(row, known, only)
    )
    return [failure for failure in asked if failure]


@pytest.mark.parametrize("app", list(ALL_ROWS))
def test_each_persona_gets_the_answer_the_matrix_gives(people, app):
    failures = check_rows(people, ALL_ROWS[app])
    assert not failures, "\n".join(failures)


KNOWN = [
    pytest.param(app, row.name, cell, id=f"{row.name}-{cell[0]}-{cell[1]}")
    for app, rows in ALL_ROWS.items()
    for row in rows
    for cell in row.known
]


@pytest.mark.skipif(not KNOWN, reason="no known differences from the rule")
@pytest.mark.xfail(strict=True, reason="a known difference from the rule (the row says which)")
@pytest.mark.parametrize("app,name,cell", KNOWN or [(None, None, None)])
def test_known_differences_from_the_rule(matrix_data, app, name, cell):
    row = next(row for row in ALL_ROWS[app] if row.name == name)
    _method, persona = cell
    people = People(eager=False)
    people.client(persona, row.owner)
    failures = check_rows(people, [row], known=True, only=cell)
    assert not failures, "\n".join(failures)


def test_the_admin_is_the_secretariats(people):
    """The Django admin (one rule for all its pages): the secretariat opens it; anyone else is
    sent to sign in (as someone who may), through the admin's login address."""
    for url in (reverse("admin:index"), reverse("admin:enquiries_case_changelist")):
        for persona in PERSONAS:
            response = people.client(persona, HUANGPU).get(url)
            if persona == "secretariat":
                assert response.status_code == 200, (url, persona, response.status_code)
                continue
            assert response.status_code == 302, (url, persona, response.status_code)
            assert response["Location"].startswith(reverse("admin:login")), response["Location"]
            followed = people.client(persona, HUANGPU).get(response["Location"])
            assert_sent_to_sign_in(followed)


def test_another_bureaus_case_handler_finds_none_of_huangpus_cases(matrix_data):
    """The matrix's case handler works at the bureau that owns its cases; one of another
    bureau opens the desk but finds Huangpu's case, its files and its actions not there."""
    client = Client()
    client.force_login(User.objects.get(username="baoshan-amr-staff"))
    with transaction.atomic():
        case_number, attachment = o.huangpu_case_attachment()
        name = o.huangpu_case().submission.name
        for url_name in ("enquiries:case", "enquiries:desk_case"):
            assert_not_found(client.get(reverse(url_name, args=[case_number])), name)
        for url_name in ("enquiries:case_file", "enquiries:desk_attachment"):
            assert_not_found(client.get(reverse(url_name, args=[case_number, attachment])))
        for action in ("status", "transfer", "note", "reply", "acknowledge"):
            before = CaseEvent.objects.count()
            response = client.post(reverse(f"enquiries:desk_{action}", args=[case_number]))
            assert_not_found(response, name)
            assert CaseEvent.objects.count() == before
        assert case_number not in client.get(reverse("enquiries:desk")).content.decode()
        transaction.set_rollback(True)
