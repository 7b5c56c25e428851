"""The bench's synthetic corpus: incremental == one pass at scale, and merge quality holds."""

from __future__ import annotations

from bench.dedup_bench import generate, score
from etl.dedup import cluster_reports, report_order


def test_nightly_incremental_equals_one_pass_on_synthetic_corpus():
    reports = sorted(generate(3000, seed=5).reports, key=report_order)
    one_pass = cluster_reports(reports)
    events: list = []
    step = len(reports) // 6
    for start in range(0, len(reports), step):
        events = cluster_reports(reports[start:start + step], existing=events)
    as_sets = lambda evs: {e.event_uid: {id(r) for r in e.reports} for e in evs}  # noqa: E731
    assert as_sets(events) == as_sets(one_pass)


def test_merge_quality_on_synthetic_corpus():
    corpus = generate(3000, seed=2)
    events = cluster_reports(corpus.reports)
    position = {id(r): i for i, r in enumerate(corpus.reports)}
    predicted = [0] * len(corpus.reports)
    for k, event in enumerate(events):
        for r in event.reports:
            predicted[position[id(r)]] = k
    result = score(corpus.incident, predicted, corpus.twins)
    # Regression floor, measured at 0.84 / 0.58 (look-alikes and vague places are planted).
    assert result["precision"] >= 0.75 and result["recall"] >= 0.5
