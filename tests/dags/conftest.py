"""Fixtures for the Airflow tests: an isolated AIRFLOW_HOME and the environment Airflow runs with."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from etl.config import PROJECT_ROOT

DAGS = PROJECT_ROOT / "dags"
DAG_FILE = DAGS / "syria_events_nightly.py"
AIRFLOW = str(Path(sys.executable).with_name("airflow"))


def airflow_base_env(home: Path) -> dict[str, str]:
    """Environment for an Airflow subprocess with its own home and SQLite metadata under `home`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AIRFLOW", "SYRIA_EVENTS_")) and k != "DATABASE_URL"}
    env.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])),
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    })
    return env


@pytest.fixture(scope="session")
def airflow_metadata_template(tmp_path_factory) -> Path:
    """An AIRFLOW_HOME with a migrated SQLite metadata DB and the crawl pool, built once per session."""
    home = tmp_path_factory.mktemp("airflow-template")
    env = airflow_base_env(home)
    for args in (["db", "migrate"], ["pools", "set", "syria_events_crawl", "2", "crawls"]):
        proc = subprocess.run([AIRFLOW, *args], env=env, capture_output=True, text=True, timeout=180)
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    return home


@pytest.fixture
def airflow_home(airflow_metadata_template: Path, tmp_path: Path) -> Path:
    """A private copy of the migrated AIRFLOW_HOME (so runs of different tests never meet)."""
    home = tmp_path / "airflow"
    shutil.copytree(airflow_metadata_template, home)
    (home / "airflow.cfg").unlink(missing_ok=True)  # written with the template's paths
    return home
