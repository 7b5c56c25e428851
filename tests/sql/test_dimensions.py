"""Seeding core.dim_place from the gazetteer and core.dim_actor from the actor dictionary."""

from __future__ import annotations

import csv

import pytest

from etl.load.dimensions import ACTORS_FILE, GAZETTEER_FILE, seed_actors, seed_places
from tests.sql.helpers import fetch


def test_seed_places_fills_the_hierarchy(conn):
    with GAZETTEER_FILE.open(encoding="utf-8", newline="") as handle:
        expected = sum(1 for _ in csv.DictReader(handle))
    assert seed_places(conn) == expected
    _, rows = fetch(conn, "SELECT * FROM core.dim_place")
    by_pcode = {r["pcode"]: r for r in rows}
    assert len(by_pcode) == expected
    governorate, district, subdistrict, town = (by_pcode[p] for p in ("SY07", "SY0700", "SY070003", "GN164816"))
    assert (governorate["admin1"], governorate["admin2"], governorate["admin3"]) == ("Idlib", None, None)
    assert (district["admin1"], district["admin2"], district["admin3"]) == ("Idlib", "Idlib", None)
    assert (subdistrict["admin1"], subdistrict["admin2"], subdistrict["admin3"]) == ("Idlib", "Idlib", "Saraqab")
    assert (town["level"], town["name_ar"], town["parent_pcode"]) == (4, "سراقب", "SY070003")
    assert (town["admin1"], town["admin2"], town["admin3"]) == ("Idlib", "Idlib", "Saraqab")
    assert (town["latitude"], town["longitude"]) == (35.86447, 36.80591)
    assert all(r["admin1"] is not None for r in rows)
    assert all(32 < r["latitude"] < 38 and 35 < r["longitude"] < 43 for r in rows if r["level"] < 4)


def test_seed_places_is_idempotent_and_updates_changed_rows(conn):
    seed_places(conn)
    with conn.cursor() as cur:
        cur.execute("UPDATE core.dim_place SET name_en = 'wrong', admin1 = NULL WHERE pcode = 'SY07'")
    conn.commit()
    assert seed_places(conn) == 1
    assert seed_places(conn) == 0
    _, rows = fetch(conn, "SELECT name_en, admin1 FROM core.dim_place WHERE pcode = 'SY07'")
    assert rows == [{"name_en": "Idlib", "admin1": "Idlib"}]


def test_seed_places_reads_any_gazetteer_file(conn, tmp_path):
    path = tmp_path / "admin.csv"
    path.write_text("level,pcode,name_en,name_ar,parent_pcode,lat,lon\n"
                    "1,SY99,Test,اختبار,SY,34.0,37.0\n"
                    "4,GN1,Town,بلدة,SY99,34.1,37.1\n", encoding="utf-8")
    assert seed_places(conn, path) == 2
    _, rows = fetch(conn, "SELECT admin1, admin2, admin3 FROM core.dim_place WHERE pcode = 'GN1'")
    # A town attached directly to a governorate has no district or subdistrict.
    assert rows == [{"admin1": "Test", "admin2": None, "admin3": None}]


def test_seed_actors_one_row_per_name_with_units(conn):
    changed = seed_actors(conn)
    _, rows = fetch(conn, "SELECT * FROM core.dim_actor ORDER BY actor")
    assert changed == len(rows) > 10
    by_name = {r["actor"]: r for r in rows}
    police = by_name["Police Forces of Syria (2024-)"]
    assert police["inter_code"] == 1
    assert "Interior Ministry" in police["description"] and "General Security" in police["description"]
    assert by_name["Islamic State"]["inter_code"] == 2
    assert all(1 <= r["inter_code"] <= 8 for r in rows)
    assert seed_actors(conn) == 0
    assert ACTORS_FILE.exists()


def test_seed_actors_rejects_conflicting_inter_codes(conn, tmp_path):
    path = tmp_path / "actors.toml"
    path.write_text('[[actor]]\nname = "X"\ninter = 1\naliases = ["س"]\n\n'
                    '[[actor]]\nname = "X"\ninter = 2\naliases = ["ص"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="inter codes"):
        seed_actors(conn, path)
