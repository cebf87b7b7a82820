"""Property-based fuzzing of the served OpenAPI spec (schemathesis) against a real server on
loopback: valid and invalid requests, authenticated as a caseworker, never get a 5xx answer, and
every answer — its status, content type and body — is one the document declares (so /pull and
/push answer as their schemas say, and every error body is the one envelope)."""

from __future__ import annotations

import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.server.helpers import STREET_A, District, ServerHandle, new_id, op

EXAMPLES_PER_OPERATION = 8
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def test_fuzzed_requests_get_the_answers_the_schema_declares(
    server: ServerHandle, district: District,
) -> None:
    caseworker = server.user("caseworker", STREET_A)
    headers = {"Authorization": f"Bearer {caseworker.token}"}
    schema = schemathesis.openapi.from_url(f"{server.base_url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert {op.path for op in operations} >= {"/api/v1/push", "/api/v1/pull", "/api/v1/login"}
    failures: list[str] = []
    session = requests.Session()
    for operation in operations:
        if operation.path == "/api/v1/logout":
            continue  # would revoke the token the rest of the run uses
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(generation_mode=mode)

            @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
            @given(case=strategy)
            def check(case: schemathesis.Case) -> None:
                response = case.call(base_url=server.base_url, session=session, headers=headers,
                                     timeout=30)
                try:
                    case.validate_response(response, checks=CHECKS, headers=headers)
                except AssertionError as exc:  # every failure is listed, not just the first
                    failures.append(f"{case.method} {case.formatted_path} → "
                                    f"{response.status_code}: {str(exc)[:400]}")

            try:
                check()
            except Unsatisfiable:
                # An operation with no inputs has no invalid variant to generate.
                assert mode is GenerationMode.NEGATIVE, operation.path
    session.close()
    assert failures == []
    assert caseworker.http.get("/api/v1/pull").status_code == 200


def test_pull_and_push_answers_match_their_declared_schemas(
    server: ServerHandle, district: District,
) -> None:
    """The fuzzer seldom makes a push the server applies: one applied, one conflicting and one
    refused op, and a pull page with changes, checked against the document's own schemas."""
    schema = schemathesis.openapi.from_url(f"{server.base_url}/openapi.json")
    caseworker = server.user("caseworker", STREET_A)
    other = server.user("caseworker", STREET_A)
    compound = district.compounds[STREET_A]
    version = caseworker.rows()[("compounds", compound)]["version"]
    assert other.push_one(op("compounds", compound, "update", version, note="甲"))["status"] == "applied"
    ops = [op("compounds", compound, "update", version, note="乙"),  # a conflict
           op("no_such_table", new_id(), x=1),  # refused
           op("party_branches", new_id(), name=f"支部{new_id()[:4]}",
              community_id=district.communities[STREET_A])]
    with requests.Session() as http:
        http.headers["Authorization"] = f"Bearer {caseworker.token}"
        response = http.post(f"{server.base_url}/api/v1/push", json={"ops": ops}, timeout=30)
        statuses = [r["status"] for r in response.json()["results"]]
        assert statuses == ["conflict", "refused", "applied"], response.json()
        schema["/api/v1/push"]["POST"].validate_response(response)
        pull = schema["/api/v1/pull"]["GET"]
        response = http.get(f"{server.base_url}/api/v1/pull", params={"limit": 50}, timeout=30)
        assert response.json()["changes"]
        pull.validate_response(response)
        bad = http.get(f"{server.base_url}/api/v1/pull", params={"since": -1}, timeout=30)
        assert bad.status_code == 422 and set(bad.json()["error"]) == {"code", "message", "params"}
        pull.validate_response(bad)
