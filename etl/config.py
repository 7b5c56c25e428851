"""Configuration in one place: defaults, overridden by environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Settings:
    """Every knob the pipeline reads. Build with `Settings.from_env()`."""

    database_url: str | None = None
    data_dir: Path = PROJECT_ROOT / ".data"
    sql_dir: Path = PROJECT_ROOT / "sql"
    user_agent: str = "syria-events/0.1 (+https://github.com/syria-events/syria-events; data@syria-events.org)"
    contact: str = "data@syria-events.org"
    crawl_timeout_s: int = 30
    crawl_retries: int = 3  # per request, with exponential backoff (5xx, timeouts, unreachable)
    crawl_concurrency_per_domain: int = 2
    autothrottle: bool = True
    batch_size: int = 500
    db_retries: int = 3  # connection attempts after the first, with exponential backoff
    bulk_load_min: int = 50_000  # staged events from which a load rebuilds core's indexes (etl/load/events.py)
    base_urls: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Read settings from `env` (default: the process environment).

        SYRIA_EVENTS_BASE_URL_<OUTLET> overrides one outlet's base URL, e.g.
        SYRIA_EVENTS_BASE_URL_SHAAM=http://127.0.0.1:8000/shaam.
        """
        env = dict(os.environ if env is None else env)
        prefix = "SYRIA_EVENTS_BASE_URL_"
        base_urls = {k[len(prefix):].lower(): v for k, v in env.items() if k.startswith(prefix)}
        return cls(
            database_url=env.get("DATABASE_URL") or None,
            data_dir=Path(env.get("SYRIA_EVENTS_DATA_DIR", str(PROJECT_ROOT / ".data"))),
            user_agent=env.get("SYRIA_EVENTS_USER_AGENT", cls.user_agent),
            crawl_timeout_s=int(env.get("SYRIA_EVENTS_CRAWL_TIMEOUT", cls.crawl_timeout_s)),
            crawl_retries=int(env.get("SYRIA_EVENTS_CRAWL_RETRIES", cls.crawl_retries)),
            autothrottle=env.get("SYRIA_EVENTS_AUTOTHROTTLE", "1") not in ("0", "false", "no"),
            batch_size=int(env.get("SYRIA_EVENTS_BATCH_SIZE", cls.batch_size)),
            db_retries=int(env.get("SYRIA_EVENTS_DB_RETRIES", cls.db_retries)),
            bulk_load_min=int(env.get("SYRIA_EVENTS_BULK_LOAD_MIN", cls.bulk_load_min)),
            base_urls=base_urls,
        )
