"""Named SQL files (sql/queries, sql/analysis): queries live in .sql files, not in Python strings."""

from __future__ import annotations

from pathlib import Path

from etl.config import Settings


def read_query(name: str, folder: str = "queries", sql_dir: Path | None = None) -> str:
    """The text of sql/<folder>/<name>.sql."""
    path = (sql_dir or Settings().sql_dir) / folder / f"{name}.sql"
    return path.read_text(encoding="utf-8")


def analyst_queries(sql_dir: Path | None = None) -> dict[str, str]:
    """What analysts run, by name: every mart view in full ("marts.<view>") and every sql/analysis query."""
    sql_dir = sql_dir or Settings().sql_dir
    queries = {f"marts.{p.stem}": f"SELECT * FROM marts.{p.stem}" for p in sorted((sql_dir / "marts").glob("*.sql"))}
    queries |= {p.stem: read_query(p.stem, "analysis", sql_dir) for p in sorted((sql_dir / "analysis").glob("*.sql"))}
    return queries
