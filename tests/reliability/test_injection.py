"""Hostile article content through `syria-events ingest` and `export`: SQL, HTML/JS and NUL bytes.

Stored and exported verbatim (the NULs excepted: PostgreSQL text cannot hold them, so ingest drops
them and records it in raw.page.hints["transformations"]), never executed: every table survives.
"""

from __future__ import annotations

import csv
import json

from etl.cli import main
from tests.databases import rows, scalar

SQL = "'); DROP TABLE core.fact_event; --"
SQL_OUTLET = "x'); DROP TABLE staging.article; --"
JS = "<script>alert('x')</script>"
EVENT = "قتل ثلاثة مدنيين وأصيب خمسة آخرون في قصف مدفعي استهدف بلدة سراقب بريف إدلب الشرقي مساء أمس"
FILLER = ("وقالت مصادر محلية إن فرق الدفاع المدني نقلت المصابين إلى مستشفى ميداني قريب، "
          "وسط حالة من التوتر في المنطقة خلال الساعات الماضية.")
LINES = [
    {"url": "https://inject.example/news/1", "outlet": SQL_OUTLET, "published": "2025-12-14",
     "title": f"{SQL} قصف على سراقب {JS}", "text": f"{EVENT} {SQL} {JS}.\n{FILLER}"},
    {"url": "https://inject.example/news/2?id=1%27);DROP%20TABLE%20raw.page;--", "outlet": "inject",
     "published": "2025-12-13", "title": "<img src=x onerror=alert(1)> عنوان",
     "html": f"<html><body><article><p>{EVENT} &lt;script&gt;alert(1)&lt;/script&gt; {SQL}.</p>"
             f"<script>alert(2)</script><p>{FILLER}</p></article></body></html>"},
    {"url": "https://inject.example/news/3", "outlet": "inject", "published": "2025-12-12",
     "title": "عنوان\u0000فيه\u0000 صفر", "text": f"{EVENT}\u0000 {SQL}.\n{FILLER}\u0000"},
]


def _tables(conn) -> list[tuple]:
    return rows(conn, "SELECT table_schema, table_name FROM information_schema.tables "
                      "WHERE table_schema IN ('raw', 'staging', 'core', 'ops', 'marts') ORDER BY 1, 2")


def test_sql_html_and_nul_are_stored_and_exported_verbatim_never_executed(settings, conn, monkeypatch, tmp_path,
                                                                          capsys):
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    tables = _tables(conn)
    source = tmp_path / "hostile.jsonl"
    source.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in LINES), encoding="utf-8")
    assert main(["ingest", str(source)]) == 0
    assert main(["ingest", str(source)]) == 0  # and again: nothing doubles
    assert _tables(conn) == tables
    assert scalar(conn, "SELECT count(*) FROM raw.page") == 3

    articles = {url: rest for url, *rest in rows(conn, "SELECT url, title, body, outlet FROM staging.article")}
    title1, body1, outlet1 = articles["https://inject.example/news/1"]
    assert (title1, outlet1) == (LINES[0]["title"], SQL_OUTLET)
    assert body1 == LINES[0]["text"].replace("\n", "\n\n")
    title2, body2, _ = next(v for k, v in articles.items() if k.startswith("https://inject.example/news/2"))
    assert title2 == LINES[1]["title"]
    assert "<script>alert(1)</script>" in body2 and SQL in body2  # escaped text is text; the real script is gone
    assert "alert(2)" not in body2
    title3, body3, _ = articles["https://inject.example/news/3"]
    assert (title3, body3) == ("عنوانفيه صفر", f"{EVENT} {SQL}.\n\n{FILLER}")
    hints = dict(rows(conn, "SELECT url, hints FROM raw.page"))
    assert hints["https://inject.example/news/3"]["transformations"] == (
        "removed NUL characters (PostgreSQL cannot store them): title ×2, text ×2")
    assert all("transformations" not in h for url, h in hints.items() if not url.endswith("/3"))

    capsys.readouterr()
    jsonl, acled = tmp_path / "events.jsonl", tmp_path / "events.csv"
    assert main(["export", "--format", "jsonl", "-o", str(jsonl)]) == 0
    assert main(["export", "--format", "acled-csv", "-o", str(acled)]) == 0
    reports = [r for line in jsonl.read_text(encoding="utf-8").splitlines() for r in json.loads(line)["reports"]]
    evidence = {r["url"]: r["evidence"] for r in reports}
    assert SQL in evidence["https://inject.example/news/1"] and JS in evidence["https://inject.example/news/1"]
    assert SQL_OUTLET in {r["outlet"] for r in reports}
    sources = {row["source"] for row in csv.DictReader(acled.open(encoding="utf-8", newline=""))}
    assert any(SQL_OUTLET in s for s in sources)

    assert _tables(conn) == tables
    assert scalar(conn, "SELECT count(*) FROM core.fact_event") > 0
