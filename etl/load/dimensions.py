"""Seeding the reference dimensions core.dim_place and core.dim_actor from shipped data files.

`seed_places` loads the gazetteer (etl/extract/data/gazetteer/syria_admin.csv) and
`seed_actors` the actor dictionary (etl/extract/data/actors.toml) — the same files extraction
resolves names against, so every pcode and actor name an event carries has its dimension row.
Both are idempotent upserts: a second run with unchanged files rewrites no row, and a changed
file updates the rows it changed. Rows no longer in a file are kept, because events loaded
earlier may still point at them.
"""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

import psycopg2.extensions
from psycopg2.extras import execute_values

Connection = psycopg2.extensions.connection

DATA_DIR = Path(__file__).resolve().parents[1] / "extract" / "data"
GAZETTEER_FILE = DATA_DIR / "gazetteer" / "syria_admin.csv"
ACTORS_FILE = DATA_DIR / "actors.toml"

PLACE_COLUMNS = ("pcode", "level", "name_en", "name_ar", "parent_pcode", "admin1", "admin2", "admin3",
                 "latitude", "longitude")
ACTOR_COLUMNS = ("actor", "inter_code", "description")


def seed_places(conn: Connection, path: Path = GAZETTEER_FILE) -> int:
    """Upsert every gazetteer row into core.dim_place and commit; return rows inserted or changed.

    admin1/admin2/admin3 are the English names of the governorate, district and subdistrict the
    place lies in (the place's own name at its own level), found by walking parent_pcode — the
    same names extraction writes into core.fact_event.admin1..3. A town attached directly to a
    governorate has no admin2/admin3.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return _upsert(conn, "core.dim_place", PLACE_COLUMNS, "pcode", _place_rows(rows))


def seed_actors(conn: Connection, path: Path = ACTORS_FILE) -> int:
    """Upsert one core.dim_actor row per actor name in actors.toml and commit; return rows changed.

    actors.toml may list a name several times, once per unit (the police name covers the
    Interior Ministry, General Security, ...): the units become the description. A name given
    two different inter codes is an error in the file and raises ValueError.
    """
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return _upsert(conn, "core.dim_actor", ACTOR_COLUMNS, "actor", _actor_rows(data.get("actor", [])))


def _place_rows(rows: Sequence[Mapping[str, str]]) -> list[tuple]:
    by_pcode = {row["pcode"]: row for row in rows}
    result = []
    for row in rows:
        names: dict[int, str] = {}
        current: Mapping[str, str] | None = row
        seen: set[str] = set()
        # Walk up to the country; `seen` guards against a cycle in a corrupted file.
        while current is not None and current["pcode"] not in seen:
            seen.add(current["pcode"])
            names.setdefault(int(current["level"]), current["name_en"])
            current = by_pcode.get(current["parent_pcode"])
        result.append((
            row["pcode"], int(row["level"]), row["name_en"], row["name_ar"], row["parent_pcode"] or None,
            names.get(1), names.get(2), names.get(3), float(row["lat"]), float(row["lon"]),
        ))
    return result


def _actor_rows(entries: Sequence[Mapping[str, object]]) -> list[tuple]:
    inter: dict[str, int | None] = {}
    units: dict[str, list[str]] = {}
    for entry in entries:
        name = str(entry["name"])
        code = entry.get("inter")
        code = int(code) if code is not None else None  # type: ignore[arg-type]
        if name in inter and inter[name] != code:
            raise ValueError(f"actors.toml: {name} has inter codes {inter[name]} and {code}")
        inter[name] = code
        unit = entry.get("unit")
        names = units.setdefault(name, [])
        if unit and unit not in names:
            names.append(str(unit))
    return [(name, code, "; ".join(units[name])) for name, code in inter.items()]


def _upsert(conn: Connection, table: str, columns: Sequence[str], key: str, rows: list[tuple]) -> int:
    """Insert or update `rows` in one transaction; rows whose values are unchanged are not touched."""
    if not rows:
        return 0
    names = ", ".join(columns)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c != key)
    changed = " OR ".join(f"{table}.{c} IS DISTINCT FROM EXCLUDED.{c}" for c in columns if c != key)
    try:
        with conn.cursor() as cur:
            execute_values(
                cur,
                f"""INSERT INTO {table} ({names}) VALUES %s
                    ON CONFLICT ({key}) DO UPDATE SET {updates} WHERE {changed}""",
                rows,
                page_size=len(rows),  # one statement, so rowcount covers every row
            )
            affected = cur.rowcount
        conn.commit()
    except Exception:
        conn.rollback()
        raise
    return affected
