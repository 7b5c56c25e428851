"""Deduplication: near-duplicate articles, and event reports clustered into stable events.

Pure, in-memory API: `ArticleIndex`, `cluster_reports`, `canonical_event`, `count_summary`.
Warehouse glue: `link_articles`, `dedup_pending`, `rebuild` (no core writes: load does that).
"""

from etl.dedup.articles import ArticleIndex, ArticleMatch
from etl.dedup.canonical import CountSummary, canonical_event, count_summary, report_order
from etl.dedup.events import cluster_reports, event_uid_for
from etl.dedup.stage import DedupStats, dedup_pending, link_articles, link_pending_articles, rebuild

__all__ = [
    "ArticleIndex",
    "ArticleMatch",
    "CountSummary",
    "DedupStats",
    "canonical_event",
    "cluster_reports",
    "count_summary",
    "dedup_pending",
    "event_uid_for",
    "link_articles",
    "link_pending_articles",
    "rebuild",
    "report_order",
]
