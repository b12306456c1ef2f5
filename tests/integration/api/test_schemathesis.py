"""Schemathesis drives the API from its own OpenAPI document, through the WSGI app, with a valid
token of a company that has imported data: no 5xx, and every answer conforms to the document."""

from __future__ import annotations

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings

from tests.integration.api.conftest import bearer


@pytest.fixture
def api_schema(app: Flask, imported: dict[str, int]) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_conform_to_its_document(
    case: schemathesis.Case, tokens_a: dict[str, str]
) -> None:
    case.call_and_validate(headers=bearer(tokens_a["admin"]))
