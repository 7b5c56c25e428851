"""Extraction: a clean Article → EventReports (see events.extract_events)."""

from etl.extract.events import extract_events

__all__ = ["extract_events"]
