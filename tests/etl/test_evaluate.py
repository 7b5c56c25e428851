"""evaluate_corpus: always on the synthetic mini corpus; on shared/corpus/dev as the CI gate."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from etl.evaluate import (
    GoldEvent,
    evaluate_corpus,
    fatality_ok,
    format_report,
    load_baseline,
    main,
)

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "corpus_mini"


def _dev_corpus() -> Path | None:
    candidates = [os.environ.get("SYRIA_EVENTS_DEV_CORPUS"), ROOT.parent / "shared" / "corpus" / "dev"]
    for c in candidates:
        if c and (Path(c) / "events.jsonl").exists():
            return Path(c)
    return None


def test_mini_corpus_scores_and_reports() -> None:
    result = evaluate_corpus(MINI)
    assert result.articles == 4
    assert result.recall == 1.0 and result.precision == 1.0 and result.f1 == 1.0
    assert result.invented == 0 and result.false_merges == 0
    assert result.dedup_recall == 1.0  # the two reports of E01 end up in one event
    assert result.sub_event_accuracy == 1.0 and result.fatality_accuracy == 1.0
    text = format_report(result)
    assert "OK   E01" in text and "OK   E02" in text and "F1 1.000" in text


def test_fatality_check_allows_the_quoted_spread() -> None:
    gold = GoldEvent(
        "E1",
        ("a",),
        "Battles",
        "Armed clash",
        date(2025, 1, 1),
        "day",
        None,
        None,
        13,
        False,
        "Killed: one outlet says at least 10, another 13.",
        "x",
    )
    assert fatality_ok(gold, 13) and fatality_ok(gold, 10)
    assert not fatality_ok(gold, 11) and not fatality_ok(gold, None)


def test_cli_exit_code_follows_the_baseline() -> None:
    assert main([str(MINI)]) == 0
    assert main([]) == 2


@pytest.mark.skipif(_dev_corpus() is None, reason="shared/corpus/dev not present")
def test_dev_corpus_stays_above_the_pinned_floor() -> None:
    baseline = load_baseline()
    result = evaluate_corpus(_dev_corpus())
    print(format_report(result))
    assert result.f1 >= baseline["f1_floor"], result.summary()
    assert result.invented <= baseline["max_invented"], result.summary()


def test_fatality_check_treats_unstated_and_zero_alike() -> None:
    def gold(killed):
        return GoldEvent("E2", ("a",), "Strategic developments", "Arrests", date(2025, 1, 1), "day",
                         None, None, killed, False, "", "x")

    assert fatality_ok(gold(0), None) and fatality_ok(gold(0), 0)
    assert fatality_ok(gold(None), 0) and fatality_ok(gold(None), None)
    assert not fatality_ok(gold(0), 2) and not fatality_ok(gold(3), None)
