"""The API holds under generated input: schemathesis over the OpenAPI document, links included.

Every operation gets generated requests (valid and invalid); then the stateful phase follows the
document's links (start an interview, then read, answer, go back, finish it). No response may be
a server error or break the document: status codes, content types, headers and bodies.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from backcheck.app import create_app
from backcheck.knowledge import KnowledgeBase
from backcheck.language import TextParser
from tests.api.helpers import make_services

pytestmark = pytest.mark.slow

CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def app(
    kb: KnowledgeBase, parser: TextParser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FastAPI]:
    folder: Path = tmp_path_factory.mktemp("schemathesis")
    services = make_services(
        kb, f"sqlite:///{folder / 'db.sqlite'}", folder, parser, read_rate="100000/minute",
        text_rate="100000000/minute",
    )  # fmt: skip
    yield create_app(services=services)
    services.db.dispose()


@pytest.fixture(scope="module")
def api(app: FastAPI) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


def test_every_operation(api: schemathesis.BaseSchema) -> None:
    operations = [result.ok() for result in api.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) > 15
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck),
                  database=None)  # fmt: skip
        def generated(case: schemathesis.Case[Any]) -> None:
            case.call_and_validate(checks=CONFORMANCE)

        generated()


def test_stateful_links(api: schemathesis.BaseSchema) -> None:
    class Machine(api.as_state_machine()):  # type: ignore[misc]
        def validate_response(
            self, response: schemathesis.Response, case: schemathesis.Case[Any], *_: Any, **__: Any
        ) -> None:
            case.validate_response(response, checks=CONFORMANCE)

    Machine.run(
        settings=settings(
            max_examples=15,
            deadline=None,
            stateful_step_count=6,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
    )
