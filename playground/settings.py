"""Settings for the LLM-OS Playground, read from the environment.

Every variable is read through the strict helpers in ``playground.env``; see
docs/web.md for the list.  The defaults are the safe ones: ``DEBUG`` is off
and then ``SECRET_KEY`` must be set (a forgotten variable stops the server
instead of running it with forgeable cookies).  ``make run``
(bin/run-playground) sets the development values explicitly.
"""
from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from playground.env import envbool, envchoice, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", "false")

SECRET_KEY = envstr("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # A guessable key would let anyone forge sessions and CSRF tokens.
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # Daphne first: its runserver replaces Django's, so `manage.py runserver`
    # speaks websockets too.
    "daphne",
    "channels",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "playground.studio",
    "playground.accounts",
    "playground.classroom",
    "playground.grading",
]

MIDDLEWARE = [
    # First, to see every response: errors under /api/ become JSON.
    "playground.studio.edge.ApiJsonErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "playground.studio.edge.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Django's CSRF check, relaxed for anonymous JSON API calls only.
    "playground.studio.csrf.ApiCsrfMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "playground.urls"
WSGI_APPLICATION = "playground.wsgi.application"
ASGI_APPLICATION = "playground.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------

_DEFAULT_DATABASE = BASE_DIR / "var" / "db.sqlite3"
if not envstr("DATABASE_URL", ""):
    # SQLite creates the file, not its folder.
    _DEFAULT_DATABASE.parent.mkdir(exist_ok=True)
_DATABASE_URL = envstr("DATABASE_URL", f"sqlite:///{_DEFAULT_DATABASE}")
# A PostgreSQL connection costs a server process: opening one per request or
# per grading task made two workers grade 1.5x slower (bench/grading.py).
# SQLite's are not free either: a run writes three times from the worker,
# and with a connection per write each open ran the PRAGMAs below and each
# close could checkpoint the WAL, about 60 ms per run on a loaded 2-core
# machine, on the path from an edit to its chart (bench/live_edit.py
# --profile).  Keep them a minute, checked before reuse.
_KEEP_CONNECTIONS = "60"
DATABASES = {
    "default": dj_database_url.parse(
        _DATABASE_URL,
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", _KEEP_CONNECTIONS),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server reads while the worker writes step chunks: WAL lets
    # readers and the writer overlap, IMMEDIATE takes the write lock up front
    # so two writers queue (for `timeout` seconds) instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: channel layer, cache, Celery ----------------------------------

REDIS_URL = envstr("REDIS_URL", "redis://127.0.0.1:6379/0")

# redis-py's default socket timeout (5 s) equals channels_redis's blocking
# read (BRPOP for 5 s): an idle run socket's read timed out and the socket
# closed with 1011.  Reads wait longer than BRPOP; connects stay short.
_CHANNEL_REDIS = {"address": REDIS_URL, "socket_timeout": 30, "socket_connect_timeout": 5,
                  "health_check_interval": 10}

CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {
            "hosts": [_CHANNEL_REDIS],
            # 50 students watching one fast run each receive a batch per
            # 100 ms; the default capacity of 100 would drop messages.
            "capacity": 5000,
            "expiry": 120,
        },
    },
    # Live sessions (playground/classroom) fan one small frame out to a whole
    # class: Redis pub/sub hands it to each web process once, and the process
    # copies it to its sockets (docs/classroom.md).
    "sessions": {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {"hosts": [_CHANNEL_REDIS]},
    },
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "playground",
    }
}

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
# A run task is idempotent, so a worker that dies mid-run may hand it back.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# With Redis down, queueing a task fails within about a second (the API then
# answers 503) instead of retrying for long inside a web request.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0,
                                    "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# Housekeeping (playground/studio/sweeper.py), run by `celery -A playground beat`.
CELERY_BEAT_SCHEDULE = {
    "sweep-runs": {"task": "playground.studio.tasks.sweep_runs",
                   "schedule": float(envint("PLAYGROUND_SWEEP_SECONDS", "10", minimum=1))},
    "expire-runs": {"task": "playground.studio.tasks.expire_runs", "schedule": 3600.0},
    "sweep-grading": {"task": "playground.grading.tasks.sweep_batches",
                      "schedule": float(envint("PLAYGROUND_SWEEP_SECONDS", "10", minimum=1))},
}

# --- Playground limits (docs/web.md) --------------------------------------

# A JSON request body larger than this is refused with 413.
PLAYGROUND_MAX_BODY_BYTES = envint("PLAYGROUND_MAX_BODY_BYTES", str(256 * 1024), minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = PLAYGROUND_MAX_BODY_BYTES
# POST /api/runs/ per client address per minute; 0 turns the limit off.
PLAYGROUND_RUNS_PER_MINUTE = envint("PLAYGROUND_RUNS_PER_MINUTE", "30")
PLAYGROUND_MAX_PROCESSES = envint("PLAYGROUND_MAX_PROCESSES", "500", minimum=1)
PLAYGROUND_MAX_OPS = envint("PLAYGROUND_MAX_OPS", "50000", minimum=1)
PLAYGROUND_MAX_TICKS = envint("PLAYGROUND_MAX_TICKS", "100000", minimum=1)
PLAYGROUND_MAX_STEPS = envint("PLAYGROUND_MAX_STEPS", "50000", minimum=1)
PLAYGROUND_MAX_CORES = envint("PLAYGROUND_MAX_CORES", "16", minimum=1)
# Names (processes, threads, locks, blocks, topics) are repeated in every step.
PLAYGROUND_MAX_NAME_LENGTH = envint("PLAYGROUND_MAX_NAME_LENGTH", "32", minimum=1)
# A run's estimated cost, processes x ticks x cores (limits.estimated_work):
# over this the run is refused before it is queued.
PLAYGROUND_MAX_WORK = envint("PLAYGROUND_MAX_WORK", "50000000", minimum=1)
# The LLM device costs iterations, not ticks (docs/llm.md): its estimated
# iterations (and llm.max_iterations) and its tokens, prompt + output times n.
PLAYGROUND_MAX_LLM_ITERATIONS = envint("PLAYGROUND_MAX_LLM_ITERATIONS", "20000", minimum=1)
PLAYGROUND_MAX_LLM_TOKENS = envint("PLAYGROUND_MAX_LLM_TOKENS", "1000000", minimum=1)
# Bytes of steps one run may store, and of its result; over either the
# worker stops the run with a failure that says which.
PLAYGROUND_MAX_RUN_BYTES = envint("PLAYGROUND_MAX_RUN_BYTES", str(20 * 1000 * 1000), minimum=1)
PLAYGROUND_MAX_RESULT_BYTES = envint("PLAYGROUND_MAX_RESULT_BYTES", str(10 * 1000 * 1000),
                                     minimum=1)
# No websocket frame is larger than this (Daphne refuses messages over 1 MiB).
PLAYGROUND_MAX_FRAME_BYTES = envint("PLAYGROUND_MAX_FRAME_BYTES", str(512 * 1024),
                                    minimum=16 * 1024)
# Seconds one attempt of a run may compute; Celery's soft and hard time
# limits sit above it as a backstop (playground/studio/tasks.py).
PLAYGROUND_RUN_SECONDS = envint("PLAYGROUND_RUN_SECONDS", "120", minimum=1)
# A running run whose heartbeat (a chunk stored) is older than this, or a
# queued run not picked up for this long, is sent again by the sweeper.
PLAYGROUND_HEARTBEAT_STALE_SECONDS = envint("PLAYGROUND_HEARTBEAT_STALE_SECONDS", "30", minimum=1)
# Runs (and their steps) are deleted this many days after they were made,
# unless a live session uses them.
PLAYGROUND_RUN_RETENTION_DAYS = envint("PLAYGROUND_RUN_RETENTION_DAYS", "7", minimum=1)
# Live sessions (docs/classroom.md): answers per participant per minute
# (0 = no limit), and joins per client address per minute (a whole class
# may share one address behind the school's NAT).
CLASSROOM_ANSWERS_PER_MINUTE = envint("CLASSROOM_ANSWERS_PER_MINUTE", "30")
CLASSROOM_JOINS_PER_MINUTE = envint("CLASSROOM_JOINS_PER_MINUTE", "600")
# Session codes looked up per address per minute that led to no open
# session (a guesser's misses; a class mistypes a few), and seats per session.
CLASSROOM_JOIN_MISSES_PER_MINUTE = envint("CLASSROOM_JOIN_MISSES_PER_MINUTE", "30", minimum=1)
CLASSROOM_MAX_SEATS = envint("CLASSROOM_MAX_SEATS", "500", minimum=1)

# How many reverse proxies in front of Daphne append to X-Forwarded-For.
# 0: the socket's peer is the client.  N: the N-th address from the right
# of X-Forwarded-For is (docs/web.md "Behind a reverse proxy").
PLAYGROUND_TRUSTED_PROXIES = envint("PLAYGROUND_TRUSTED_PROXIES", "0")
# Anonymous sign-ups per client address per hour (a class signing up from
# one school address needs tens, a script filling the database thousands).
PLAYGROUND_SIGNUPS_PER_HOUR = envint("PLAYGROUND_SIGNUPS_PER_HOUR", "300")

# --- Auth, i18n, static ---------------------------------------------------

# Pages that need an account send visitors here (playground.accounts).
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/courses/"
LOGOUT_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed but not hashed: ES modules import each other by relative
    # path, which a manifest storage would not rewrite.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# In development serve files straight from static/, no collectstatic needed.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

CSRF_FAILURE_VIEW = "playground.studio.views.csrf_failure"

# --- Security for production ----------------------------------------------

# Scripts only from our own files: the pages have no inline script or
# on...= handlers (the browser tests fail on a CSP violation).  Empty: none.
PLAYGROUND_CONTENT_SECURITY_POLICY = envstr(
    "PLAYGROUND_CONTENT_SECURITY_POLICY",
    "script-src 'self'; object-src 'none'; base-uri 'self'")

if not DEBUG:
    SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "true")
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    if envbool("BEHIND_HTTPS_PROXY", "false"):
        # The reverse proxy terminates TLS and says so in this header.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Django sends Strict-Transport-Security only on requests that came over
    # HTTPS, so a year by default is safe on a plain-http test install.
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", str(365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "false")

SILENCED_SYSTEM_CHECKS = [
    # CSRF protection is on: ApiCsrfMiddleware is a CsrfViewMiddleware.
    "security.W003",
    # The reverse proxy redirects http to https (docs/web.md), not Django.
    "security.W008",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envchoice("LOG_LEVEL", "INFO", ["DEBUG", "INFO", "WARNING", "ERROR"])},
}
