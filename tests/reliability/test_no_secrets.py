"""No secret is committed: every tracked file is scanned for credentials.

Flagged: quoted password/secret/token/API-key assignments (`password = "…"`, `PASSWORD: '…'`),
unquoted ones in env/config-style files (`DB_PASSWORD=…`), credentials in URLs
(`scheme://user:pass@host`), AWS access keys and secret keys, private key blocks and well-known
token formats. Allowed: `.env.example` (local defaults), and obviously fake values (`not-a-real-secret`,
`secret`, `changeme`, values under 8 characters) in tests and documentation only. References
(`$VAR`, `${VAR}`, psql `:'var'`) are fine anywhere; docker-compose `${VAR:-default}` defaults must be
values that .env.example declares as local defaults.
(Which role may read or write what is tested in tests/sql/test_roles.py.)
"""

from __future__ import annotations

import re
import subprocess
from urllib.parse import unquote

from etl.config import PROJECT_ROOT

NAME = r"(?:[A-Za-z0-9_]*(?:password|passwd|pwd|secret|secret_key|api_?key|access_?key|auth_?token|token))"
PATTERNS = {
    "quoted assignment": re.compile(rf"(?i)\b{NAME}\b[\"']?\s*[:=]\s*[\"']([^\"'\s]{{3,}})[\"']"),
    "env assignment": re.compile(rf"(?im)^\s*(?:export\s+)?{NAME}\s*[:=]\s*([^\s\"'#]{{3,}})\s*$"),
    "URL credentials": re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@\"']+:([^/\s@\"']+)@[^\s\"']+"),
    "AWS access key": re.compile(r"\b((?:AKIA|ASIA)[0-9A-Z]{16})\b"),
    "AWS secret key": re.compile(r"(?i)aws_?secret_?access_?key\s*[:=]\s*[\"']?([A-Za-z0-9/+=]{40})"),
    "private key": re.compile(r"(-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----)"),
    "token format": re.compile(r"\b((?:ghp|gho|ghs|github_pat)_[A-Za-z0-9_]{30,}|xox[abprs]-[A-Za-z0-9-]{10,}"
                               r"|sk-[A-Za-z0-9]{32,}|AIza[0-9A-Za-z_-]{35})"),
}
# Env-style files: an unquoted NAME=value there is a real setting, not code.
ENV_STYLE = re.compile(r"(^|/)(\.env[^/]*|[^/]*\.(env|ini|cfg|conf|properties|ya?ml|sh))$|(^|/)Makefile$")
# A value that names where the secret comes from instead of holding it: $VAR, ${VAR}, psql :'var',
# %(name)s, {name}, <placeholder>, or an identifier that is itself a password/secret variable name.
REFERENCE = re.compile(r"^(?:\$\{?\w+\}?|:'?\w+'?|%\(\w+\)s|\{\w*\}|<[^>]*>)$")
VARIABLE_NAME = re.compile(r"(?i)^\w*(?:password|passwd|secret|token|key)\w*$")
# Obviously fake values, accepted in tests and documentation only.
FAKE = re.compile(r"(?i)fake|dummy|example|not-a-real|placeholder|change-?me|xxx|\*\*\*|redacted|^secret$|^password$")
SHORT_THROWAWAY = 8  # in tests and docs, values this short (p@ss, u:p) are throwaway, not credentials
ENV_DEFAULT = re.compile(r"\$\{(\w+):?-([^}]*)\}")
LOCAL_DEFAULTS_FILE = ".env.example"  # every value there is a local default by design
LOCAL_STACK = re.compile(r"(^|/)docker-compose[^/]*\.ya?ml$")


def _local_defaults() -> set[str]:
    path = PROJECT_ROOT / LOCAL_DEFAULTS_FILE
    if not path.exists():
        return set()
    pairs = (line.partition("=") for line in path.read_text(encoding="utf-8").splitlines()
             if "=" in line and not line.lstrip().startswith("#"))
    return {value.strip() for _, _, value in pairs}


def _allowed(path: str, kind: str, text: str, value: str, local_defaults: set[str]) -> bool:
    if kind not in ("quoted assignment", "env assignment", "URL credentials"):
        return False  # key material and token formats are never fine
    if REFERENCE.match(value) or VARIABLE_NAME.match(value):
        return True
    if LOCAL_STACK.search(path) and ENV_DEFAULT.search(text):
        # docker-compose `${VAR:-default}`: the defaults must be the documented local ones of .env.example.
        return all(default in local_defaults or default == "" for _, default in ENV_DEFAULT.findall(text))
    tests_or_docs = path.startswith(("tests/", "docs/")) or path.endswith((".md", ".rst"))
    value = unquote(value) if kind == "URL credentials" else value
    return tests_or_docs and (bool(FAKE.search(value)) or len(value) < SHORT_THROWAWAY)


def findings(path: str, text: str, local_defaults: set[str] | None = None) -> list[str]:
    """Credential-like strings in one file that its kind of file may not hold."""
    if path == LOCAL_DEFAULTS_FILE:
        return []
    defaults = _local_defaults() if local_defaults is None else local_defaults
    found = []
    for kind, pattern in PATTERNS.items():
        if kind == "env assignment" and not ENV_STYLE.search(path):
            continue
        for match in pattern.finditer(text):
            if _allowed(path, kind, match.group(0), match.group(1), defaults):
                continue
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{path}:{line}: {kind}: {match.group(0)[:80]}")
    return found


def test_the_detector_flags_real_looking_secrets_and_spares_fakes_in_tests():
    real = {
        "etl/settings.py": 'DB_PASSWORD = "' + "hunter2x9Q" + '"',
        "deploy/app.env": "POSTGRES_PASSWORD=" + "s3cr3tValue",
        "etl/conn.py": 'URL = "postgresql://etl:' + "Xk29aa" + '@db.internal/x"',
        "config.yml": "aws_secret_access_key: " + "A" * 40,
        "keys/id": "-----BEGIN " + "OPENSSH PRIVATE KEY-----",
        "ci.sh": "export GH=" + "ghp_" + "a" * 36,
        "bench/x.py": "key = '" + "AKIA" + "ABCDEFGHIJKLMNOP'",
        "docker-compose.yml": "X_PASSWORD: ${X_PASSWORD:-" + "notInEnvExample9" + "}",
        "etl/y.py": 'password = "' + "p@ss" + '"',  # short throwaway values are only fine in tests
    }
    for path, text in real.items():
        assert findings(path, text, {"admin"}), path
    fake = {
        "tests/sql/test_x.py": 'PASSWORD = "not-a-real-secret"',
        "README.md": "export DATABASE_URL=postgresql://etl:secret@db.example.org:5432/syria_events",
        ".env.example": "POSTGRES_PASSWORD=" + "localdev",
        "etl/roles.py": "password = env.get(spec.password_variable)",
        "etl/x.py": "def create_login(conn, role: str, user: str, password: str) -> bool:",
        "docker-compose.yml": "ADMIN_PASSWORD: ${AIRFLOW_ADMIN_PASSWORD:-admin}",
        "docker/init.sh": 'pw="$AIRFLOW_DB_PASSWORD"',
        "tests/dags/test_y.py": 'URL = "postgresql://u:p%40ss@db.internal/wh"',
    }
    for path, text in fake.items():
        assert not findings(path, text, {"admin"}), path


def test_no_tracked_file_holds_a_secret():
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT_ROOT, capture_output=True, check=True)
    paths = [p for p in tracked.stdout.decode().split("\0") if p]
    assert len(paths) > 100
    problems = []
    for path in paths:
        file = PROJECT_ROOT / path
        if not file.is_file() or file.stat().st_size > 5_000_000:
            continue
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary
        problems += findings(path, text)
    assert not problems, "credentials committed:\n" + "\n".join(problems)


def test_local_env_files_are_ignored_by_git():
    for name in (".env", ".data/pg/pgdata/postgresql.conf"):
        ignored = subprocess.run(["git", "check-ignore", "-q", name], cwd=PROJECT_ROOT)
        assert ignored.returncode == 0, f"{name} is not git-ignored: a local secret could be committed"
