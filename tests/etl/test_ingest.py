from datetime import UTC, datetime
from pathlib import Path

from etl.ingest import LineError, parse_line, read_ingest_file

FIXTURE = Path(__file__).parents[1] / "fixtures" / "ingest" / "mixed.jsonl"
NOW = datetime(2025, 12, 15, tzinfo=UTC)


def test_invalid_lines_are_reported_with_their_numbers():
    batch = read_ingest_file(FIXTURE)
    assert batch.lines == 8
    assert [n for n, _ in batch.pages] == [1, 3, 6, 7]
    messages = {e.line: e.message for e in batch.errors}
    assert messages[2].startswith("invalid JSON")
    assert messages[4] == "missing 'url'"
    assert messages[5].startswith("empty article")
    assert "not an ISO date" in messages[8]


def test_tracking_parameters_are_stripped_and_plain_text_kept_as_text():
    page = parse_line(1, '{"url": "https://www.enabbaladi.net/801234/?utm_source=x", "text": "نص"}', NOW)
    assert not isinstance(page, LineError)
    assert "utm_source" not in page.url
    assert page.content_type.startswith("text/plain")
    assert page.body == "نص".encode()


def test_unknown_outlet_is_accepted_under_its_own_name():
    page = parse_line(1, '{"url": "https://example.org/a", "outlet": "Example", "html": "<p>x</p>"}', NOW)
    assert page.outlet == "Example" and page.content_type.startswith("text/html")


def test_non_object_and_non_http_urls_are_rejected():
    assert isinstance(parse_line(1, "[1, 2]", NOW), LineError)
    error = parse_line(2, '{"url": "ftp://x/y", "text": "نص"}', NOW)
    assert isinstance(error, LineError) and "http" in error.message
