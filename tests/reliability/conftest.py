"""Fixtures for the reliability suite: module-scoped warehouses, so one demo run serves many tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from etl.config import Settings
from tests.databases import fresh_database


@pytest.fixture(scope="module")
def module_settings(pg_server: str, template_db: str, tmp_path_factory) -> Iterator[Settings]:
    """A fresh migrated database shared by the tests of one module."""
    with fresh_database(pg_server, template_db, tmp_path_factory.mktemp("data")) as settings:
        yield settings


DATA_TABLES = ("raw.page", "staging.article", "staging.quarantine", "staging.event_candidate",
               "core.fact_event", "core.event_report", "core.article_link", "core.dim_outlet",
               "core.dim_place", "core.dim_actor", "core.dim_date")
