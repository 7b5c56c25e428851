"""`make airflow`: Airflow 3 standalone on this machine, running dags/ against the embedded warehouse.

    python -m etl.airflow_local [--offline] [--port 8080] [--pool-slots 2] [--setup-only]

Sets AIRFLOW_HOME=./.data/airflow (<SYRIA_EVENTS_DATA_DIR>/airflow) with SQLite metadata
(airflow.db there), the DAGs folder ./dags, no example DAGs; migrates the metadata database,
creates the crawl pool `syria_events_crawl`, points the connection `syria_events_warehouse`
(AIRFLOW_CONN_SYRIA_EVENTS_WAREHOUSE) at the warehouse (DATABASE_URL, or the embedded server,
started and migrated here), then replaces itself with `airflow standalone` (UI on
http://localhost:<port>). `--offline` (or SYRIA_EVENTS_OFFLINE=1) makes the DAG crawl the bundled
demo snapshot instead of the live sites. Login: user `admin`, password in
<AIRFLOW_HOME>/simple_auth_manager_passwords.json.generated (written on first start).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from etl.config import PROJECT_ROOT, Settings
from etl.orchestration import CONN_ENV, CRAWL_POOL, OFFLINE_ENV, is_offline

PASSWORD_FILE = "simple_auth_manager_passwords.json.generated"
DEFAULT_POOL_SLOTS = 2  # two outlets crawled at a time: polite to the sites, and enough overnight


def airflow_home(data_dir: Path | None = None) -> Path:
    """Where `make airflow` keeps Airflow's config, SQLite metadata, logs and generated password:
    <data dir>/airflow, i.e. ./.data/airflow unless SYRIA_EVENTS_DATA_DIR says otherwise."""
    return (data_dir or Settings.from_env().data_dir) / "airflow"


def airflow_env(root: Path, data_dir: Path, warehouse_url: str | None, offline: bool, port: int = 8080,
                base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment `airflow standalone` and its components run with (pure: no side effects).

    A warehouse connection already set in `base` is kept; otherwise `warehouse_url` is used.
    """
    env = dict(os.environ if base is None else base)
    home = airflow_home(data_dir)
    env.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(root / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__API__BASE_URL": f"http://localhost:{port}",
        # The DAG file imports etl/ and scrapers/ inside tasks: make the checkout importable
        # even when the project is not pip-installed into this interpreter.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")])),
        # `airflow standalone` starts its components as `airflow ...` from PATH: this venv's.
        "PATH": os.pathsep.join(filter(None, [str(Path(sys.executable).parent), env.get("PATH")])),
    })
    if warehouse_url and not env.get(CONN_ENV):
        env[CONN_ENV] = warehouse_url
    if offline:
        env[OFFLINE_ENV] = "1"
    return env


def _airflow(args: list[str], env: Mapping[str, str]) -> None:
    airflow = str(Path(sys.executable).with_name("airflow"))
    subprocess.run([airflow, *args], env=dict(env), check=True, stdout=subprocess.DEVNULL)


def _warehouse_url() -> str | None:
    """The warehouse URL for the DAG: the configured connection or DATABASE_URL, else the embedded
    server (started, and migrated so the first DAG run does not race other migrators)."""
    if os.environ.get(CONN_ENV):
        return None
    from etl.orchestration import migrate_warehouse, warehouse_settings
    from etl.warehouse import database_url

    settings = warehouse_settings()
    url = database_url(settings)
    migrate_warehouse(settings)
    return url


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl.airflow_local",
                                     description="Airflow standalone for syria-events (make airflow)")
    parser.add_argument("--offline", action="store_true",
                        help="crawl the bundled demo snapshot instead of the live sites (SYRIA_EVENTS_OFFLINE=1)")
    parser.add_argument("--port", type=int, default=8080, help="UI / API port (default 8080)")
    parser.add_argument("--pool-slots", type=int, default=DEFAULT_POOL_SLOTS,
                        help=f"outlets crawled at the same time (pool {CRAWL_POOL}, default {DEFAULT_POOL_SLOTS})")
    parser.add_argument("--setup-only", action="store_true",
                        help="prepare AIRFLOW_HOME, the metadata DB, the pool and the warehouse, then exit")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    offline = args.offline or is_offline()
    env = airflow_env(PROJECT_ROOT, Settings.from_env().data_dir, _warehouse_url(), offline, args.port)
    home = Path(env["AIRFLOW_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    print(f"AIRFLOW_HOME={home}  (SQLite metadata, DAGs from {env['AIRFLOW__CORE__DAGS_FOLDER']})")
    _airflow(["db", "migrate"], env)
    _airflow(["pools", "set", CRAWL_POOL, str(args.pool_slots),
              "syria-events: outlets crawled at the same time"], env)
    print(f"pool {CRAWL_POOL}: {args.pool_slots} slots; warehouse: {env.get(CONN_ENV, '(embedded)')}"
          + ("; OFFLINE: crawling the demo snapshot" if offline else ""))
    print(f"UI: http://localhost:{args.port}  user: admin  password: see {home / PASSWORD_FILE} "
          "(written on first start)")
    if args.setup_only:
        return 0
    airflow = str(Path(sys.executable).with_name("airflow"))
    os.execve(airflow, [airflow, "standalone"], env)
    return 0  # not reached: execve replaces this process


if __name__ == "__main__":
    sys.exit(main())
