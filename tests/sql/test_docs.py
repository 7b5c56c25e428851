"""The generated data dictionary (etl/docs.py) and the committed docs/warehouse.md."""

from __future__ import annotations

import re

from etl.config import PROJECT_ROOT
from etl.docs import example_query, render
from tests.sql.helpers import fetch


def test_render_lists_every_relation_column_and_grain(warehouse, settings):
    text = render(warehouse, settings.sql_dir)
    _, rows = fetch(warehouse, """
        SELECT n.nspname AS schema, c.relname AS name, obj_description(c.oid, 'pg_class') AS comment,
               array_agg(a.attname::text ORDER BY a.attnum) AS columns
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname IN ('raw', 'staging', 'core', 'marts', 'ops') AND c.relkind IN ('r', 'v')
        GROUP BY 1, 2, 3""")
    assert len(rows) > 15
    for row in rows:
        heading = f"### {row['schema']}.{row['name']}\n"
        assert heading in text
        section = text.split(heading, 1)[1].split("\n### ", 1)[0]
        assert " ".join(row["comment"].split()) in section
        for column in row["columns"]:
            assert f"| `{column}` |" in section, (row["name"], column)
    assert "| `event_uid` | text | key |" in text
    assert text.index("## raw") < text.index("## staging") < text.index("## core") < text.index("## marts")


def test_every_mart_has_a_runnable_example(warehouse, settings):
    text = render(warehouse, settings.sql_dir)
    marts = text.split("## marts", 1)[1].split("\n## ", 1)[0]
    examples = re.findall(r"```sql\n(.*?)\n```", marts, re.DOTALL)
    assert len(examples) == 6
    for example in examples:
        _, rows = fetch(warehouse, example)
        assert rows, example
    assert example_query(settings.sql_dir, "source_agreement").startswith("-- the widest disagreements")
    assert example_query(settings.sql_dir, "no_such_view") is None


def test_render_lists_the_analysis_questions(warehouse, settings):
    text = render(warehouse, settings.sql_dir)
    assert "| `sql/analysis/events_near_town.sql` | which events happened within 25 km of a given town? |" in text


def test_render_is_deterministic(warehouse, settings):
    assert render(warehouse, settings.sql_dir) == render(warehouse, settings.sql_dir)


def test_committed_dictionary_covers_the_marts():
    text = (PROJECT_ROOT / "docs" / "warehouse.md").read_text(encoding="utf-8")
    for mart in ("events_acled", "daily_events_by_governorate_type", "fatalities_by_month_actor",
                 "outlet_coverage", "source_agreement", "pipeline_freshness"):
        assert f"### marts.{mart}\n" in text
