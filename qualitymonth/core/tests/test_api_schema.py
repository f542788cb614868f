"""The OpenAPI schema tells clients the truth: who may call each operation and every status
it can answer (the generated cases in tests/api check the answers against it)."""

import pytest

PUBLIC_READS = [
    ("/api/units", "get"),
    ("/api/units/{unit_id}", "get"),
    ("/api/campaigns", "get"),
    ("/api/campaigns/{year}", "get"),
    ("/api/campaigns/{year}/actions", "get"),
    ("/api/campaigns/{year}/activities", "get"),
    ("/api/events", "get"),
    ("/api/events/{pk}", "get"),
    ("/api/awards/certificates/{serial}", "get"),
]


@pytest.fixture
def schema(client, db):
    return client.get("/api/openapi.json").json()


@pytest.mark.parametrize(("path", "method"), PUBLIC_READS)
def test_public_reads_need_no_credentials(schema, path, method):
    assert {} in schema["paths"][path][method]["security"]


def test_anonymous_registration_takes_a_token_or_nothing_but_no_session(schema):
    operation = schema["paths"]["/api/events/{pk}/registrations"]["post"]
    assert operation["security"] == [{"PersonalToken": []}, {}]


def test_staff_operations_need_a_token_or_a_session(schema):
    for path, method in [
        ("/api/me", "get"),
        ("/api/events/{pk}/figures", "get"),
        ("/api/units", "post"),
        ("/api/awards/rounds/{round_id}/scores", "get"),
    ]:
        assert schema["paths"][path][method]["security"] == [
            {"PersonalToken": []},
            {"SessionAuth": []},
        ], path


def _statuses(schema, path, method):
    return set(schema["paths"][path][method]["responses"])


def test_every_operation_with_input_declares_the_validation_answer(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if operation["parameters"] or "requestBody" in operation:
                assert "422" in operation["responses"], (method, path)
            assert "401" in operation["responses"], (method, path)


def test_bodies_declare_the_not_json_and_too_large_answers(schema):
    assert {"400", "413", "422"} <= _statuses(schema, "/api/events/{pk}/registrations", "post")
    assert {"400", "413", "422"} <= _statuses(schema, "/api/surveys/rounds/{pk}/responses", "post")


def test_conflicts_and_bad_filters_are_declared_where_returned(schema):
    assert "409" in _statuses(schema, "/api/events/{pk}/check-ins", "post")
    assert "409" in _statuses(schema, "/api/surveys/rounds/{pk}/responses", "post")
    assert "400" in _statuses(schema, "/api/events", "get")
    assert "403" in _statuses(schema, "/api/units", "post")


def test_error_answers_describe_the_error_body(schema):
    answer = schema["paths"]["/api/units/{unit_id}"]["patch"]["responses"]["422"]
    reference = answer["content"]["application/json"]["schema"]["$ref"]
    error = schema["components"]["schemas"][reference.rsplit("/", 1)[1]]
    assert set(error["properties"]) == {"detail", "errors"}
    assert error["required"] == ["detail"]


def test_ids_in_addresses_are_whole_numbers_and_anything_else_is_a_json_404(client, schema):
    assert (
        schema["paths"]["/api/awards/rounds/{round_id}/results"]["get"]["parameters"][0]["schema"][
            "type"
        ]
        == "integer"
    )
    response = client.get("/api/awards/rounds/first/results")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。"}
