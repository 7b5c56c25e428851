"""docker-compose.yml: valid for docker-compose, the expected services with healthchecks, and every
${VAR} either defaulted or documented in .env.example."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from etl.config import PROJECT_ROOT

COMPOSE = PROJECT_ROOT / "docker-compose.yml"
ENV_EXAMPLE = PROJECT_ROOT / ".env.example"
AIRFLOW_SERVICES = {"airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer"}
CELERY_SERVICES = {"redis", "airflow-worker"}
# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}; "$$" is an escaped dollar.
VARIABLE = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def _env_example() -> dict[str, str]:
    pairs = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value
    return pairs


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose binary not installed")
@pytest.mark.parametrize("args", [[], ["--env-file", str(ENV_EXAMPLE)], ["--profile", "celery"]])
def test_docker_compose_config_validates(args):
    proc = subprocess.run(["docker-compose", "-f", str(COMPOSE), *args, "config", "-q"], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_services(compose):
    services = compose["services"]
    assert set(services) == {"postgres", "airflow-init"} | AIRFLOW_SERVICES | CELERY_SERVICES
    for name in CELERY_SERVICES:
        assert services[name]["profiles"] == ["celery"]
    for name in {"postgres", "airflow-init"} | AIRFLOW_SERVICES:
        assert "profiles" not in services[name], name


def test_every_long_running_service_has_a_healthcheck(compose):
    for name, service in compose["services"].items():
        if name == "airflow-init":  # a one-shot job: its exit code is its health
            assert service["restart"] == "no"
            continue
        assert service.get("healthcheck", {}).get("test"), name


def test_airflow_waits_for_init_and_healthy_postgres(compose):
    services = compose["services"]
    for name in AIRFLOW_SERVICES:
        depends = services[name]["depends_on"]
        assert depends["airflow-init"]["condition"] == "service_completed_successfully", name
        assert depends["postgres"]["condition"] == "service_healthy", name
    init = " ".join(services["airflow-init"]["command"])
    for step in ("airflow db migrate", "airflow users create", "airflow pools set syria_events_crawl",
                 "migrate_warehouse"):
        assert step in init


def test_same_image_and_warehouse_connection_everywhere(compose):
    services = compose["services"]
    images = {services[n]["image"] for n in AIRFLOW_SERVICES | {"airflow-init", "airflow-worker"}}
    assert len(images) == 1
    for name in AIRFLOW_SERVICES | {"airflow-init", "airflow-worker"}:
        env = services[name]["environment"]
        assert env["AIRFLOW_CONN_SYRIA_EVENTS_WAREHOUSE"].startswith("postgresql://"), name
        assert "@postgres:5432/" in env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"], name
    assert services["airflow-init"]["build"]["dockerfile"] == "docker/Dockerfile"


def test_separate_databases_and_named_volumes(compose):
    env = compose["services"]["airflow-init"]["environment"]
    metadata = env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].rsplit("/", 1)[1]
    warehouse = env["AIRFLOW_CONN_SYRIA_EVENTS_WAREHOUSE"].rsplit("/", 1)[1]
    assert metadata != warehouse
    assert set(compose["volumes"]) == {"postgres-data", "airflow-logs", "syria-events-data"}
    init_script = (PROJECT_ROOT / "docker" / "postgres-init" / "01-databases.sh").read_text()
    postgres_env = compose["services"]["postgres"]["environment"]
    for name in re.findall(r'"\$([A-Z_]+)"', init_script):
        assert name == "POSTGRES_USER" or name in postgres_env, name


def test_every_variable_has_a_default_or_is_in_env_example():
    documented = _env_example()
    used = {}
    for match in VARIABLE.finditer(COMPOSE.read_text(encoding="utf-8")):
        name, operator, default = match.groups()
        used.setdefault(name, []).append((operator, default))
    assert used, "no ${VAR} found: the pattern is broken"
    undocumented = sorted(n for n, forms in used.items()
                          if n not in documented and any(op not in (":-", "-") for op, _ in forms))
    assert undocumented == []
    # Stronger, so .env.example really lists every variable and nothing stale:
    assert sorted(set(used) - set(documented)) == []
    assert sorted(set(documented) - set(used)) == []


def test_env_example_defaults_are_local_only():
    for key, value in _env_example().items():
        if any(word in key for word in ("PASSWORD", "SECRET", "FERNET")):
            assert value in ("", "admin", "postgres", "airflow", "syria_events") or "local-only" in value, key
    env = _env_example()
    # Nothing leaves the machine by default: no alert destinations, SMTP on localhost, demo off.
    assert env["SYRIA_EVENTS_ALERT_WEBHOOK"] == env["SYRIA_EVENTS_ALERT_EMAIL"] == ""
    assert env["SYRIA_EVENTS_SMTP_HOST"] == "localhost"
