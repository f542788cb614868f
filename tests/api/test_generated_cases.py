"""Generated API cases (schemathesis): thousands of requests built from the OpenAPI schema, valid
and invalid, anonymous and as the secretariat, against the app in-process on the test database.
No case may get a server error, and every answer must be one the schema declares."""

import time
from collections import Counter

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from qualitymonth.awards.tests.conftest import (  # noqa: F401
    certificate,
    graded_round,
    notice,
    program,
    review_round,
    rubric,
)
from qualitymonth.campaigns.tests.conftest import campaign  # noqa: F401
from qualitymonth.core import services as core_services
from qualitymonth.events.tests.conftest import lecture  # noqa: F401
from qualitymonth.surveys.tests.conftest import (  # noqa: F401
    districts,
    evaluation,
    inspector,
    sites,
    survey_round,
    system,
)
from qualitymonth.wsgi import application

# Cases per operation, per generation mode, per identity and per kind of path (random or real).
EXAMPLES = 18
MINIMUM_CASES = 2_000
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def in_process_app(settings):
    """The WSGI app on the test's own connection: a request must not close it mid-test."""
    settings.ALLOWED_HOSTS = ["*"]
    cache.clear()  # rate-limit counters: none left by earlier tests, none left for later ones
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    cache.clear()


@pytest.fixture
def world(secretariat, campaign, lecture, survey_round, sites, certificate):  # noqa: F811
    _token, key = core_services.create_api_token(user=secretariat, name="fuzz")
    return {
        "token": key,
        "path": {
            "unit_id": secretariat.positions.get().unit_id,
            "year": campaign.year,
            "pk": lecture.pk,
            "round_id": certificate.application.round_id,
            "serial": certificate.serial,
        },
        "survey_round": survey_round.pk,
    }


def _run(operation, *, mode, headers, path, found, counts, seen):
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path or None)

    @given(case=strategy)
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        response = case.call(headers=headers)
        counts["cases"] += 1
        counts[response.status_code // 100] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (AssertionError, BaseExceptionGroup) as failure:  # each kind once, unshrunk
            key = (operation.label, response.status_code, type(failure).__name__)
            if key not in seen:
                seen.add(key)
                found.append(f"{operation.label} {response.status_code}: {failure}"[:1500])

    try:
        run()
    except Unsatisfiable:
        # Nothing to make invalid (an operation without parameters in the negative mode).
        counts["unsatisfiable"] += 1


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_generated_cases_get_no_server_error_and_match_the_schema(in_process_app, world):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", in_process_app)
    counts, found, seen = Counter(), [], set()
    started = time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        real = {
            name: value
            for name, value in world["path"].items()
            if any(p.name == name for p in operation.path_parameters)
        }
        if operation.path.startswith("/api/surveys/rounds/{pk}"):
            real["pk"] = world["survey_round"]
        for headers in ({}, {"Authorization": f"Bearer {world['token']}"}):
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                for path in ({}, real) if real else ({},):
                    _run(
                        operation,
                        mode=mode,
                        headers=headers,
                        path=path,
                        found=found,
                        counts=counts,
                        seen=seen,
                    )
    print(f"{counts['cases']} cases in {time.monotonic() - started:.1f} s: {dict(counts)}")
    assert found == [], "\n\n".join(found)
    assert counts[5] == 0
    assert counts["cases"] >= MINIMUM_CASES
