"""Schemathesis against the public API (docs/decisions/0318-api-errors-in-the-schema.md).

Every operation of ``/api/openapi.json`` is called through the public WSGI
application (no server) with cases generated from the schema, on the demo
cluster: no answer may be a 500, and every answer must be one the schema
declares, with a body that matches it. Bounded and derandomised, so a run takes
seconds and fails the same way twice.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

HOST = "www.localhost:8000"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _schema():
    """The schema as the API builds it (no request: collection has no database),
    called through the public WSGI application."""
    from jiyue.interaction.api import api

    document = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/")))
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = WSGIHandler()
    return loaded


schema = _schema()


@pytest.fixture(autouse=True)
def _public_app(demo_cluster, settings):
    settings.ROOT_URLCONF = "jiyue.urls_public"
    # As Django's test client does: the handler's request signals would close
    # the test's database connection mid-transaction (PostgreSQL: "the
    # connection is closed"; SQLite's in-memory database did not mind).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    # Every generated case comes from one address: without room in the limits
    # all but the first few would stop at the 429 and never reach a handler.
    settings.JIYUE_INTERACTION_RATE_LIMITS = {
        "per_address": (100_000, 600),
        "per_form": (100_000, 60),
        "per_address_query": (100_000, 600),
    }
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_its_schema_says(case):
    case.call_and_validate(headers={"Host": HOST}, checks=CHECKS)
