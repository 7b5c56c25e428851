"""A private PostgreSQL server under ./.data, started on demand.

With no DATABASE_URL, every command uses this embedded server: initialised on first use,
started if not running, left running for the next command (`syria-events db stop` stops it).
Binaries come from the system (initdb on PATH or /usr/lib/postgresql/*/bin) or, failing
that, from the `pgserver` wheel. PostgreSQL refuses to run as root, so under root the
server runs as an unprivileged system user.
"""

from __future__ import annotations

import fcntl
import glob
import os
import pwd
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

SERVER_USER_CANDIDATES = ("postgres", "syria-events")
DATABASE_NAME = "syria_events"


class EmbeddedPostgresError(RuntimeError):
    """The embedded server could not be initialised or started."""


def find_bin_dir() -> Path:
    """Directory holding initdb/pg_ctl: system install first, then the pgserver wheel."""
    on_path = shutil.which("initdb")
    if on_path:
        return Path(os.path.realpath(on_path)).parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    try:
        import pgserver  # noqa: F401  (only to locate its bundled binaries)

        bundled = Path(pgserver.__file__).parent / "pginstall" / "bin"
        if (bundled / "initdb").exists():
            return bundled
    except ImportError:
        pass
    raise EmbeddedPostgresError(
        "no PostgreSQL binaries found: install postgresql (apt) or the pgserver wheel, or set DATABASE_URL"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_user() -> str | None:
    """System user to run the server as, or None when we are not root."""
    if os.geteuid() != 0:
        return None
    for name in SERVER_USER_CANDIDATES:
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", SERVER_USER_CANDIDATES[-1]], check=True)
    return SERVER_USER_CANDIDATES[-1]


class EmbeddedPostgres:
    """One PostgreSQL cluster in `root` (e.g. ./.data/pg). Safe to use from many processes."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self.pgdata = self.root / "pgdata"
        self.logfile = self.root / "server.log"

    @contextmanager
    def _lock(self):
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _run(self, args: list[str], user: str | None) -> subprocess.CompletedProcess:
        if user:
            args = ["runuser", "-u", user, "--", *args]
        return subprocess.run(args, capture_output=True, text=True)

    def _make_accessible(self, user: str) -> None:
        """Let the server user traverse to and own the cluster directory."""
        entry = pwd.getpwnam(user)
        for parent in [self.root, *self.root.parents]:
            mode = parent.stat().st_mode
            if mode & 0o005 != 0o005:
                parent.chmod(mode | 0o005)
        for path in [self.root, *self.root.rglob("*")]:
            os.chown(path, entry.pw_uid, entry.pw_gid)

    @property
    def port(self) -> int:
        return int((self.root / "port").read_text())

    def url(self, database: str = DATABASE_NAME) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def is_running(self) -> bool:
        if not (self.pgdata / "PG_VERSION").exists():
            return False
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def ensure_running(self) -> str:
        """Initialise and start the cluster if needed; return the URL of its main database."""
        with self._lock():
            bin_dir = find_bin_dir()
            user = _server_user()
            if not (self.pgdata / "PG_VERSION").exists():
                self._init(bin_dir, user)
            if not self.is_running():
                self._start(bin_dir, user)
            self._ensure_database(bin_dir, user)
        return self.url()

    def _init(self, bin_dir: Path, user: str | None) -> None:
        if self.pgdata.exists():
            shutil.rmtree(self.pgdata)
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "port").write_text(str(_free_port()))
        if user:
            self._make_accessible(user)
        result = self._run(
            [str(bin_dir / "initdb"), "-D", str(self.pgdata), "-U", "postgres", "--auth=trust",
             # Byte-order collation sorts UTF-8 text in code point order, as C.UTF-8 does, but
             # lets PostgreSQL compare with memcmp instead of strcoll: indexes build and sorts
             # run several times faster. Character classes (regex, upper/lower) stay Unicode.
             "--encoding=UTF8", "--lc-collate=C", "--lc-ctype=C.UTF-8", "--locale=C.UTF-8"],
            user,
        )
        if result.returncode != 0:
            raise EmbeddedPostgresError(f"initdb failed: {result.stderr.strip()}")
        with open(self.pgdata / "postgresql.conf", "a") as conf:
            # Loopback only, no unix socket: socket paths break in deep checkouts.
            conf.write(
                f"\nlisten_addresses = '127.0.0.1'\nport = {self.port}\nunix_socket_directories = ''\n"
                "fsync = on\nmax_connections = 100\nshared_buffers = 512MB\n"
                # A roomier WAL spaces out checkpoints during backfills of a million events.
                "max_wal_size = 4GB\n"
            )

    def _start(self, bin_dir: Path, user: str | None) -> None:
        if user:
            self._make_accessible(user)
        result = self._run(
            [str(bin_dir / "pg_ctl"), "-D", str(self.pgdata), "-l", str(self.logfile), "-w", "-t", "60", "start"],
            user,
        )
        if result.returncode != 0 and not self.is_running():
            log = self.logfile.read_text(errors="replace")[-2000:] if self.logfile.exists() else ""
            raise EmbeddedPostgresError(f"could not start PostgreSQL: {result.stderr.strip()}\n{log}")
        deadline = time.monotonic() + 30
        while not self.is_running():
            if time.monotonic() > deadline:
                raise EmbeddedPostgresError("PostgreSQL did not accept connections within 30 s")
            time.sleep(0.2)

    def _ensure_database(self, bin_dir: Path, user: str | None) -> None:
        import psycopg2

        conn = psycopg2.connect(self.url("postgres"))
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE_NAME,))
                if cur.fetchone() is None:
                    cur.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
        finally:
            conn.close()

    def stop(self) -> None:
        """Stop the server if it runs (fast shutdown: in-flight transactions roll back)."""
        with self._lock():
            if not self.is_running():
                return
            self._run([str(find_bin_dir() / "pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w", "stop"],
                      _server_user())
