# Every target creates .venv itself; `make demo` and `make test` are all a fresh machine needs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install system-deps demo test run lint bench airflow docs clean db-stop

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 is required"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch first, pinned: camel-tools needs it, and an unpinned torch pulls a multi-GB CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

# PostgreSQL server binaries for the embedded warehouse (the pgserver wheel is the fallback),
# and docker-compose to validate docker-compose.yml. Installed only when missing and we are root.
system-deps:
	@if ! command -v initdb >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	   && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	   apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; fi
	@if ! command -v docker-compose >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	   (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null) \
	   || echo "docker-compose unavailable: its validation test will be skipped"; fi

demo: install
	$(VENV)/bin/syria-events demo

test: install system-deps
	$(VENV)/bin/ruff check etl scrapers dags tests bench
	$(PY) -m pytest -n 2 --dist loadfile -q

run: install
	$(VENV)/bin/syria-events run

lint: install
	$(VENV)/bin/ruff check etl scrapers dags tests bench

bench: install
	$(PY) -m bench

# make airflow            Airflow standalone on localhost:8080, live crawls
# make airflow OFFLINE=1  the same, crawling the bundled demo snapshot
airflow: install
	$(PY) -m etl.airflow_local $(if $(OFFLINE),--offline)

docs: install
	$(PY) -m etl.docs > docs/warehouse.md

db-stop: install
	$(VENV)/bin/syria-events db stop

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
