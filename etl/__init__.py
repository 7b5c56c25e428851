"""syria-events: Syrian Arabic news → deduplicated ACLED-style incidents in PostgreSQL."""

__version__ = "0.1.0"
