"""The demo snapshot doubles as a second gold corpus: the pipeline's score on it has a floor."""

import json
from pathlib import Path

from etl.demo.snapshot import load_snapshot, write_corpus
from etl.evaluate import evaluate_corpus

BASELINE = json.loads((Path(__file__).parents[2] / "baselines" / "demo.json").read_text())


def test_snapshot_is_consistent():
    snapshot = load_snapshot()
    incident_ids = {i["id"] for i in snapshot.incidents}
    assert len(snapshot.articles) >= 40 and len(snapshot.outlets()) >= 4
    for article in snapshot.articles:
        assert set(article["incidents"]) <= incident_ids, article["id"]
    non_incident = [a for a in snapshot.articles if not a["incidents"]]
    assert len(non_incident) >= 5


def test_pipeline_score_on_the_demo_gold_stays_above_its_floor(tmp_path):
    result = evaluate_corpus(write_corpus(load_snapshot(), tmp_path))
    assert result.f1 >= BASELINE["f1_floor"], f"demo F1 {result.f1:.3f} < floor {BASELINE['f1_floor']}"
    assert result.invented <= BASELINE["max_invented"]
