"""The permission matrix of the JSON API (/api/) and Open311 (/open311/v2/), as matrix.py
reads it. Reads that are public answer everyone; the rest need a signed-in session or a
token (401 without). Another unit's object answers a JSON 404. Refused writes are sent with
a valid body, so that what refuses them is the permission, not the body's validation.

The API's writes named here: POST /api/units (the secretariat), PATCH /api/units/{id} (the
unit's administrators and the secretariat), POST activities (a unit's staff), check-ins and
online viewers (whoever runs the event), survey responses (the round's inspectors and the
secretariat). Event registration (POST /api/events/{id}/registrations) is open to anyone
and ignores the browser session; Open311's POST requests need an api_key, whoever asks.
"""

from qualitymonth.campaigns.models import ActivityReport
from qualitymonth.core.models import AuditEntry
from qualitymonth.demo.tests import matrix_objects as o
from qualitymonth.demo.tests.matrix import (
    API_401,
    API_403,
    API_404,
    API_OK,
    OPEN311_403,
    OPEN311_404,
    WRITES,
    Answer,
    Row,
    answers,
)
from qualitymonth.enquiries.models import Case
from qualitymonth.events.models import Registration
from qualitymonth.organizations.models import Unit
from qualitymonth.surveys.models import Response

JSON = "application/json"
ANYONE = answers(API_OK)
SIGNED_IN = answers(API_OK, anonymous=API_401)
DOCS = answers(Answer("200", lambda response, title: _status(response, 200), allowed=True))


def _status(response, status):
    assert response.status_code == status, response.status_code


def api_private(*personas, answer=API_OK):
    """An object's data through the API: those named; anyone else signed in a JSON 404."""
    return answers(API_404, anonymous=API_401, **dict.fromkeys(personas, answer))


def api_role(*personas, answer=WRITES):
    """A write without an object: those named; anyone else signed in a JSON 403."""
    return answers(API_403, anonymous=API_401, **dict.fromkeys(personas, answer))


def count(model):
    return lambda: model.objects.count()


RUNS_SGM_EVENT = ("own_admin", "own_reporter", "secretariat")
STAFF = ("own_admin", "own_reporter", "other_admin", "other_reporter")

API_ROWS = [
    Row("api:openapi-json", DOCS),
    Row("api:openapi-view", DOCS),
    # The API's root is no resource: a JSON 404 like every other unmatched /api/ address.
    Row("api:api-root", answers(API_404)),
    Row("api:not-found", answers(API_404), path="/api/nothing-here"),
    Row("api:me", SIGNED_IN),
    Row("api:list_units", ANYONE),
    Row(
        "api:create_unit",
        None,
        post=api_role("secretariat"),
        data={"kind": "enterprise", "name": "矩阵测试单位"},
        content_type=JSON,
        watch=count(Unit),
    ),
    Row("api:get_unit", ANYONE, args=o.sgm_unit),
    # SGM's unit: its administrator and the secretariat change it; to others it is not there.
    Row(
        "api:update_unit",
        None,
        post=api_private("own_admin", "secretariat", answer=WRITES),
        args=o.sgm_unit,
        method="patch",
        data={"description": "changed by an outsider"},
        content_type=JSON,
        watch=lambda: Unit.objects.get(key="saic-gm").description,
    ),
    Row("api:list_campaigns", ANYONE),
    Row("api:get_campaign", ANYONE, args=o.year),
    Row("api:list_actions", ANYONE, args=o.year),
    Row("api:list_activities", ANYONE, args=o.year),
    # Filing an activity is for a unit's staff (for their own units).
    Row(
        "api:file_activity",
        None,
        post=api_role(*STAFF),
        args=o.year,
        data={
            "title": "Refused activity",
            "starts_on": "2020-09-01",
            "ends_on": "2020-09-01",
            "kind": "open_day",
        },
        content_type=JSON,
        watch=count(ActivityReport),
    ),
    Row("api:list_events", ANYONE),
    Row("api:get_event", ANYONE, args=o.sgm_event_id),
    Row("api:register", None, args=o.sgm_event_id),
    # The event SGM co-organises: those who run it check people in and see its figures.
    Row(
        "api:check_in",
        None,
        post=api_private(*RUNS_SGM_EVENT, answer=WRITES),
        args=o.sgm_event_id,
        data={"code": "no-such-ticket-code"},
        content_type=JSON,
        watch=lambda: Registration.objects.exclude(checked_in_at=None).count(),
    ),
    Row("api:figures", api_private(*RUNS_SGM_EVENT), args=o.sgm_event_id),
    Row(
        "api:online_viewers",
        None,
        post=api_private(*RUNS_SGM_EVENT, answer=WRITES),
        args=o.sgm_event_id,
        method="put",
        data={"online_viewers": 7},
        content_type=JSON,
        watch=count(AuditEntry),
    ),
    Row("api:verify_certificate", ANYONE, args=o.certificate_serial),
    # A round's ranking and raw scores are the secretariat's.
    Row("api:round_results", api_private("secretariat"), args=o.round_in_review),
    Row("api:round_scores", api_private("secretariat"), args=o.round_in_review),
    # Survey rounds: each signed-in person lists theirs; a round is its inspectors' and the
    # secretariat's.
    Row("api:list_rounds", SIGNED_IN),
    Row("api:round_form", api_private("inspector", "secretariat"), args=o.collecting_round_id),
    Row("api:round_sites", api_private("inspector", "secretariat"), args=o.collecting_round_id),
    Row(
        "api:submit",
        None,
        post=api_private("inspector", "secretariat", answer=WRITES),
        args=o.collecting_round_id,
        data={"client_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "answers": {}},
        content_type=JSON,
        watch=count(Response),
    ),
    # Open311 GeoReport v2: public reads of what citizens agreed to publish.
    # Training: the course catalogue and the public qualification registry.
    Row("api:list_courses", ANYONE),
    Row("api:get_course", ANYONE, args=lambda: ["quality-basics"]),
    Row("api:list_qualifications", ANYONE),
    # Open data: the datasets the worker built for the demo, the same for everyone.
    Row("api:datasets", ANYONE),
    Row("api:dataset", ANYONE, args=lambda: ["events"]),
    Row("open311:discovery", ANYONE, args=lambda: {"fmt": "json"}),
    Row("open311:services", ANYONE, args=lambda: {"fmt": "json"}),
    Row("open311:service", ANYONE, args=o.open311_service),
    Row(
        "open311:requests",
        ANYONE,
        args=lambda: {"fmt": "json"},
        # Filing needs an api_key: a browser session is not one.
        post=answers(OPEN311_403),
        data={"service_code": "x"},
        watch=count(Case),
    ),
    # A case whose filer did not agree to publish it is not there, for anyone.
    Row("open311:request", answers(OPEN311_404), args=o.open311_unpublished_case),
    Row("open311:token", answers(OPEN311_404), args=lambda: {"fmt": "json", "token": "t1"}),
    Row("open311:not_found", answers(OPEN311_404), path="/open311/v2/nothing.json"),
]
