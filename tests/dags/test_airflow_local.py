"""`make airflow` (etl/airflow_local.py): the environment standalone Airflow runs with."""

from __future__ import annotations

import sys
from pathlib import Path

from etl.airflow_local import PASSWORD_FILE, airflow_env, airflow_home, build_parser
from etl.orchestration import CONN_ENV, OFFLINE_ENV


def test_environment_for_standalone(tmp_path):
    root, data = Path("/repo"), tmp_path / ".data"
    env = airflow_env(root, data, "postgresql://postgres@127.0.0.1:5999/syria_events", offline=True, port=8081,
                      base={"PATH": "/usr/bin", "PYTHONPATH": "/elsewhere"})
    assert env["AIRFLOW_HOME"] == str(data / "airflow") == str(airflow_home(data))
    assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] == f"sqlite:///{data / 'airflow' / 'airflow.db'}"
    assert env["AIRFLOW__CORE__DAGS_FOLDER"] == "/repo/dags"
    assert env["AIRFLOW__CORE__LOAD_EXAMPLES"] == "False"
    assert env["AIRFLOW__API__PORT"] == "8081"
    assert env[CONN_ENV] == "postgresql://postgres@127.0.0.1:5999/syria_events"
    assert env[OFFLINE_ENV] == "1"
    assert env["PYTHONPATH"].split(":") == ["/repo", "/elsewhere"]
    # standalone starts its components as `airflow ...`: this interpreter's must come first.
    assert env["PATH"].split(":")[0] == str(Path(sys.executable).parent)


def test_configured_warehouse_connection_is_kept_and_online_by_default(tmp_path):
    env = airflow_env(Path("/repo"), tmp_path, "postgresql://embedded/db", offline=False,
                      base={CONN_ENV: "postgresql://prod/warehouse"})
    assert env[CONN_ENV] == "postgresql://prod/warehouse"
    assert OFFLINE_ENV not in env


def test_command_line():
    args = build_parser().parse_args(["--offline", "--port", "8099", "--pool-slots", "3", "--setup-only"])
    assert (args.offline, args.port, args.pool_slots, args.setup_only) == (True, 8099, 3, True)
    assert PASSWORD_FILE == "simple_auth_manager_passwords.json.generated"
