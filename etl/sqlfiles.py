"""Named SQL files (sql/queries, sql/analysis): queries live in .sql files, not in Python strings."""

from __future__ import annotations

from pathlib import Path

from etl.config import Settings


def read_query(name: str, folder: str = "queries", sql_dir: Path | None = None) -> str:
    """The text of sql/<folder>/<name>.sql."""
    path = (sql_dir or Settings().sql_dir) / folder / f"{name}.sql"
    return path.read_text(encoding="utf-8")
