"""Property-based fuzzing of the served OpenAPI spec (schemathesis): valid and invalid requests,
authenticated as a caseworker, never get a 5xx answer."""

from __future__ import annotations

import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from tests.server.helpers import STREET_A, District, ServerHandle

EXAMPLES_PER_OPERATION = 8


def test_fuzzed_requests_never_get_a_server_error(server: ServerHandle, district: District) -> None:
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
                if response.status_code >= 500:
                    failures.append(f"{case.method} {case.formatted_path}: {response.status_code} "
                                    f"{response.text[:200]} body={case.body!r:.200}")
                else:
                    content_type = (response.headers.get("content-type") or [""])[0]
                    assert content_type.startswith("application/json") or (
                        response.status_code == 204), (case.formatted_path, response.status_code)

            try:
                check()
            except Unsatisfiable:
                # An operation with no inputs has no invalid variant to generate.
                assert mode is GenerationMode.NEGATIVE, operation.path
    session.close()
    assert failures == []
    assert caseworker.http.get("/api/v1/pull").status_code == 200

