"""Refrain settings: everything comes from the environment (see README, "Configuration")."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str
from config.storage import default_storage_setting, presigned_links

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("REFRAIN_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "refrain-insecure-development-key-only-for-a-laptop"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG=0")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "songs",
    "covers",
    # After songs, whose `qcluster` command (a main process that stops cleanly) replaces its own.
    "django_q",
]

MIDDLEWARE = [
    # First, so that its latency covers every other middleware (metrics, below).
    "config.request_metrics.RequestLatencyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.middleware.CurrentTeamMiddleware",
    "config.edge.EdgeGuardMiddleware",
    "config.errors.RefusalMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.teams",
                "songs.context_processors.studio",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'refrain.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the worker share one file: wait for locks instead of failing, and take
    # the write lock at the start of a transaction so two writers never deadlock on an upgrade.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file too: an in-memory shared-cache database fails concurrent writers at once
    # ("table is locked") instead of waiting, so it could not test two people saving together.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The queries every API request makes (config/prepared.py) are prepared on the server after
    # this many runs on a connection; 0 turns that off (for a pooler in transaction mode older
    # than PgBouncer 1.21). Django's own queries bind on the client and are never prepared.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        env_int("DB_PREPARE_THRESHOLD", 5) or None
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # A database cache is shared by the web processes and the workers (rate limits, queue stats).
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "refrain_cache",
    }
}

# --- auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.UsernameOrEmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- email (password resets): printed on the console unless an SMTP server is configured ------
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Refrain <noreply@localhost>")
PASSWORD_RESET_TIMEOUT = 3 * 3600

# --- i18n -----------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# The Music API takes reference audio as base64 in JSON: 50 MB of audio is ~67 MB of text.
DATA_UPLOAD_MAX_MEMORY_SIZE = 75 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploaded recordings: the contract's 50 MB, enforced while the upload arrives (songs.uploads).
REFRAIN_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "songs.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- static and media -----------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Media is never served as a folder (no MEDIA_URL route): downloads go through views that check
# permissions. Files live on the local disk, or in an S3-compatible bucket (config/storage.py).
STORAGES = {
    "default": default_storage_setting(),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# `output_format: url` links point straight at the bucket, presigned for 24 h (s3 storage only).
REFRAIN_PRESIGNED_LINKS = presigned_links()

# --- security (clean `check --deploy` when DEBUG=0) -----------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "config.pagination.ApiPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "config.openapi.RefrainAutoSchema",
    "EXCEPTION_HANDLER": "accounts.api_errors.api_exception_handler",
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Refrain API",
    "DESCRIPTION": "Song projects, lyric drafts, songs and versions, generation jobs, cover "
    "analyses.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.openapi.strict_request_bodies",
        "config.openapi.add_music_api",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- background jobs (django-q2) ------------------------------------------------------------
JOB_TIMEOUT_S = env_int("REFRAIN_JOB_TIMEOUT", 900)
Q_CLUSTER = {
    "name": "refrain",
    "workers": env_int("REFRAIN_WORKERS", 2),
    "timeout": JOB_TIMEOUT_S,
    # retry must exceed timeout, or a slow task is handed to a second worker while still running
    "retry": JOB_TIMEOUT_S + 120,
    "max_attempts": env_int("REFRAIN_TASK_MAX_ATTEMPTS", 3),
    "catch_up": False,
    "ack_failures": True,
    "save_limit": 500,
    "poll": 0.5,
    "cache": "default",
    "sync": env_bool("REFRAIN_Q_SYNC", False),
    "label": "Jobs",
}

# --- the queue's broker: the database (nothing more to run) or Redis (many worker hosts) ------
# With the ORM broker the clusters' heartbeats (Stats) live in the "default" cache, a database
# table; with Redis they live in Redis, beside the queue.
REFRAIN_QUEUE = env_str("REFRAIN_QUEUE", "orm")
if REFRAIN_QUEUE == "orm":
    Q_CLUSTER["orm"] = "default"
elif REFRAIN_QUEUE == "redis":
    Q_CLUSTER["redis"] = env_str("REFRAIN_REDIS_URL", "redis://127.0.0.1:6379/0")
else:
    raise ImproperlyConfigured(f"REFRAIN_QUEUE must be orm or redis, not {REFRAIN_QUEUE!r}")

# Seconds a stopping worker cluster waits for busy workers (a job, a warm-up) before it ends them;
# their jobs are taken up again like a crashed worker's.
REFRAIN_STOP_GRACE_S = env_int("REFRAIN_STOP_GRACE", 8)
# A running job whose worker has not reported for this long is taken up again by the reaper.
REFRAIN_JOB_STALE_AFTER_S = env_int("REFRAIN_JOB_STALE_AFTER", 300)
# How often each worker host's main process runs that reaper (songs/jobs/cluster.py).
REFRAIN_REAP_EVERY_S = env_int("REFRAIN_REAP_EVERY", 60)
# How long a Music API request waits for its job before answering 1001 (the job keeps running).
REFRAIN_API_WAIT_S = env_int("REFRAIN_API_WAIT", 600)

# Hosts `audio_url` may point at even when they resolve to private addresses (tests, intranets).
REFRAIN_FETCH_ALLOW_HOSTS = env_list("REFRAIN_FETCH_ALLOW_HOSTS", [])

# --- webhooks -------------------------------------------------------------------------------
# Seconds an endpoint has to answer a delivery; the attempt fails after that.
REFRAIN_WEBHOOK_TIMEOUT_S = env_int("REFRAIN_WEBHOOK_TIMEOUT", 10)
# Hosts webhook endpoints may point at even when they resolve to private addresses (tests, an
# intranet's own receivers); like REFRAIN_FETCH_ALLOW_HOSTS for `audio_url`.
REFRAIN_WEBHOOK_ALLOW_HOSTS = env_list("REFRAIN_WEBHOOK_ALLOW_HOSTS", [])
# The address people reach Refrain at ("https://refrain.example.com"), for links in payloads;
# empty: payloads carry paths only.
REFRAIN_PUBLIC_URL = env_str("REFRAIN_PUBLIC_URL", "").rstrip("/")

# --- providers ------------------------------------------------------------------------------
REFRAIN_PROVIDER = env_str("REFRAIN_PROVIDER", "local")
REFRAIN_REMOTE_URL = env_str("REFRAIN_REMOTE_URL", "")
REFRAIN_REMOTE_KEY = env_str("REFRAIN_REMOTE_KEY", "")
# Each worker process loads the engine's models and compiles its analysis code when it starts,
# before its first job (3 s; 25 s the first time after an install), instead of during its first
# song or cover.
REFRAIN_WARM_UP_WORKERS = env_bool("REFRAIN_WARM_UP_WORKERS", True)

# --- metrics (/metrics, Prometheus text; README "Metrics") ---------------------------------
# The bearer token a scraper sends; empty: /metrics answers 404. Under gunicorn's several worker
# processes, PROMETHEUS_MULTIPROC_DIR (read by prometheus-client itself) must be set too.
REFRAIN_METRICS_TOKEN = env_str("REFRAIN_METRICS_TOKEN", "")

# --- logging --------------------------------------------------------------------------------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django-q": {"level": env_str("Q_LOG_LEVEL", "WARNING")},
    },
}
