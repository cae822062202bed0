"""Garage settings, read from the environment (12-factor).

Nothing set: the embedded default (SQLite file, in-process bus, mail written to
files under var/). DATABASE_URL and BROKER_URL (or REDIS_URL) switch to
production mode.
"""

from decimal import Decimal
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def _at_least(name: str, default: int, least: int) -> int:
    value = env.int(name, default=default)
    if value < least:
        raise environ.ImproperlyConfigured(f"{name}={value}: at least {least}.")
    return value


def _amount(name: str, default: str, most: Decimal | None = None) -> Decimal:
    """A decimal setting from 0 to ``most``: a rate or a percentage. Refused at
    start, by name, rather than by the first invoice it would spoil."""
    value = env(name, default=default)
    try:
        amount = Decimal(value.strip())
    except ArithmeticError:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount < 0 or (most is not None and amount > most):
        limit = f"from 0 to {most}" if most is not None else "0 or more"
        raise environ.ImproperlyConfigured(f"{name}={value!r}: give a number {limit}.")
    return amount


DEBUG = env.bool("DEBUG", default=True)
# Django's debug pages (a traceback, the URL patterns) instead of the app's own
# error pages, for a developer who asks for them.
DEBUG_PAGES = env.bool("DEBUG_PAGES", default=False)
if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-only")
else:
    SECRET_KEY = env("SECRET_KEY")  # required: fails loudly when missing
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # its templates, for FORM_RENDERER
    "anymail",
    "django_prometheus",  # HTTP request metrics, served at /metrics
    "ninja",  # serves the API docs' Swagger UI from our static files, no CDN
    "axes",  # locks a login out after repeated failures
    "garage.kernel",
    "apps.customers",
    "apps.workshop",
    "apps.notifications",
    "apps.invoicing",
    "apps.timekeeping",
]

MIDDLEWARE = [
    "garage.kernel.web.RequestIdMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "garage.kernel.web.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "garage.kernel.auth.LoginRequiredMiddleware",
    "garage.kernel.web.NotFoundMiddleware",
    "garage.kernel.web.ApiFallbackMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "garage.kernel.once.OnceMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "garage.urls"
WSGI_APPLICATION = "garage.wsgi.application"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

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
            ],
            "builtins": ["garage.kernel.templatetags.once"],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'garage.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work during a write; IMMEDIATE takes the write lock at
    # BEGIN so two writers queue up instead of failing halfway.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory: the live server and bus threads share it in tests.
    DATABASES["default"]["TEST"] = {
        "NAME": env("TEST_SQLITE_NAME", default=str(VAR_DIR / "test.sqlite3"))
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", 60))
    # Server-side binding lets psycopg prepare a statement the fifth time it
    # runs, so PostgreSQL stops re-planning the hot queries (the outbox, the
    # event store): about a fifth off every command. Turn it off behind a
    # transaction-pooling PgBouncer older than 1.21.
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        DATABASES["default"]["OPTIONS"] = {
            "server_side_binding": True,
            "prepare_threshold": 5,
        }
    # A kept connection the server closed is noticed before each request by
    # looking at its socket (garage.kernel.connections), not by Django's
    # CONN_HEALTH_CHECKS, which asks "SELECT 1" at the start of every request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After AXES_FAILURE_LIMIT wrong passwords for one username from one address,
# that pair is locked out for AXES_COOLOFF_TIME hours.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_TIME", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.{name}"}
    for name in [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Forms render from the project's templates: a field's help text comes after
# the field (templates/forms/field.html), on every form alike.
FORM_RENDERER = "garage.kernel.web.FormRenderer"

# How long the first answer to a form's token or an API Idempotency-Key is kept.
IDEMPOTENCY_KEY_HOURS = _at_least("IDEMPOTENCY_KEY_HOURS", 24, 1)

# The API's lists: django-ninja's limit/offset pagination, 50 items unless asked.
NINJA_PAGINATION_CLASS = "garage.kernel.schemas.Pagination"
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

# The bus. BROKER_URL is dramatiq's broker: redis://... or amqp://... (RabbitMQ).
# REDIS_URL, its older name, still works when BROKER_URL is unset. Neither set:
# in-process delivery through the same outbox/inbox.
REDIS_URL = env("REDIS_URL", default="")
BROKER_URL = env("BROKER_URL", default="") or REDIS_URL
if BROKER_URL and not BROKER_URL.startswith(
    ("redis://", "rediss://", "amqp://", "amqps://")
):
    raise environ.ImproperlyConfigured(
        "BROKER_URL: give redis://host:6379/0 or amqp://user:password@host:5672/vhost."
    )
# dramatiq's own metrics (its Prometheus middleware) in each worker process,
# served by the worker on port ``dramatiq_prom_port`` (9191); see the README.
WORKER_METRICS = env.bool("WORKER_METRICS", default=False)
# /healthz says "degraded" when an event has waited longer than this for a
# consumer (a delivery pending or sent, not yet handled).
HEALTH_BACKLOG_SECONDS = env.int("HEALTH_BACKLOG_SECONDS", default=300)
BUS = {
    "MAX_RETRIES": env.int("BUS_MAX_RETRIES", default=8),
    "MIN_BACKOFF_MS": env.int("BUS_MIN_BACKOFF_MS", default=1_000),
    "MAX_BACKOFF_MS": env.int("BUS_MAX_BACKOFF_MS", default=300_000),
    # A sent delivery not handled after this long is sent again: the backstop
    # for a message lost in a way nothing noticed (a Redis restart and a dead
    # worker are noticed, see below). The inbox drops duplicates.
    "RESEND_AFTER_SECONDS": env.int("BUS_RESEND_AFTER_SECONDS", default=600),
    # A worker whose heartbeat stopped this long ago is dead: the broker puts
    # its unacknowledged messages back on their queues...
    "DEAD_WORKER_AFTER_SECONDS": env.int("BUS_DEAD_WORKER_AFTER_SECONDS", default=15),
    # ...when a broker command checks, which each does with this chance in a
    # million (dramatiq's default, 1,000, took minutes: an idle worker polls
    # each queue once a second).
    "MAINTENANCE_CHANCE": env.int("BUS_MAINTENANCE_CHANCE", default=200_000),
    # A delivery waiting for an earlier one with its ordering key is tried
    # again this long after the earlier one may be (and at once when it is over).
    "ORDER_WAIT_MS": env.int("BUS_ORDER_WAIT_MS", default=1_000),
    "SWEEP_INTERVAL_SECONDS": env.float("BUS_SWEEP_INTERVAL_SECONDS", default=2.0),
    "SWEEP_BATCH": env.int("BUS_SWEEP_BATCH", default=500),
    "SWEEP_IN_WORKERS": env.bool("BUS_SWEEP_IN_WORKERS", default=True),
    # Deliveries to one context a broker message carries, handled with one
    # commit (see garage.kernel.batch); 1 handles each in its own transaction.
    "HANDLE_BATCH": env.int("BUS_HANDLE_BATCH", default=100),
    # RabbitMQ confirms each message the relay hands it (see kernel/brokers).
    "RABBITMQ_CONFIRMS": env.bool("BUS_RABBITMQ_CONFIRMS", default=True),
}

# The garage.
GARAGE_NAME = env("GARAGE_NAME", default="Pitstop Garage")
# What Dutch law asks an invoice to show about the garage (SPEC 15).
GARAGE_ADDRESS = env("GARAGE_ADDRESS", default="Pitstopweg 1, 1234 AB Amsterdam")
GARAGE_VAT_NUMBER = env("GARAGE_VAT_NUMBER", default="NL000099998B57")
GARAGE_COC_NUMBER = env("GARAGE_COC_NUMBER", default="12345678")  # KvK


def _bays(value: str) -> tuple[str, ...]:
    """WORKSTATIONS: a number of bays ("3": Bay 1 to Bay 3) or their names,
    comma-separated ("Lift 1,Lift 2,Alignment"); capacity is their number."""
    value = value.strip()
    if value.isdigit():
        bays = tuple(f"Bay {n}" for n in range(1, int(value) + 1))
    else:
        bays = tuple(name.strip() for name in value.split(",") if name.strip())
    distinct = {bay.casefold() for bay in bays}
    if not bays or len(distinct) < len(bays) or max(map(len, bays)) > 100:
        raise environ.ImproperlyConfigured(
            f"WORKSTATIONS={value!r}: give a number of bays, or their names "
            "(distinct, at most 100 characters each), separated by commas."
        )
    return bays


WORKSTATIONS = _bays(env("WORKSTATIONS", default="3"))
WORKSHOP_HOURS = env("WORKSHOP_HOURS", default="08:00-18:00")  # frames the timeline
HOURLY_RATE = _amount("HOURLY_RATE", "18.50")
PAYMENT_TERM_DAYS = _at_least("PAYMENT_TERM_DAYS", 30, 0)
BANK_ACCOUNT = env("BANK_ACCOUNT", default="NL20 INGB 0001 2345 67")
PRINT_SHOP_EMAIL = env("PRINT_SHOP_EMAIL", default="pitstop@prestoprint.nl")
VAT_RATE = _amount("VAT_RATE", "21", most=Decimal(100))  # percent
PAYMENT_REMINDER_DAYS = _at_least("PAYMENT_REMINDER_DAYS", 7, 0)
INVOICE_DELIVERY = env("INVOICE_DELIVERY", default="customer")
if INVOICE_DELIVERY not in {"customer", "print_shop", "both"}:
    raise environ.ImproperlyConfigured(
        f"INVOICE_DELIVERY={INVOICE_DELIVERY!r}: give customer, print_shop or both."
    )
REMINDER_FROM_EMAIL = env("REMINDER_FROM_EMAIL", default="noreply@pitstop.example")
INVOICE_FROM_EMAIL = env("INVOICE_FROM_EMAIL", default="invoicing@pitstop.example")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default=REMINDER_FROM_EMAIL)


# Service due (SPEC 14): the intervals, and how many days ahead customers hear.
SERVICE_INTERVAL_MONTHS = _at_least("SERVICE_INTERVAL_MONTHS", 12, 1)
SERVICE_INTERVAL_KM = _at_least("SERVICE_INTERVAL_KM", 15000, 1)
SERVICE_REMINDER_DAYS = _at_least("SERVICE_REMINDER_DAYS", 14, 0)

# E-mail (Django's MAILERS). Default: one file per message under var/mail, for
# a developer to read. Production: any django-anymail ESP (EMAIL_BACKEND =
# "anymail.backends.<esp>.EmailBackend" plus its ANYMAIL_* keys), or Django's
# SMTP backend with EMAIL_HOST and friends.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend"
)
_MAILER_OPTIONS = {
    "django.core.mail.backends.filebased.EmailBackend": {
        "file_path": env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
    },
    "django.core.mail.backends.smtp.EmailBackend": {
        "host": env("EMAIL_HOST", default="localhost"),
        "port": env.int("EMAIL_PORT", default=25),
        "username": env("EMAIL_HOST_USER", default=""),
        "password": env("EMAIL_HOST_PASSWORD", default=""),
        "use_tls": env.bool("EMAIL_USE_TLS", default=False),
    },
}
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND,
        "OPTIONS": _MAILER_OPTIONS.get(EMAIL_BACKEND, {}),
    }
}
del EMAIL_BACKEND
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in env.ENVIRON.items()
    if key.startswith("ANYMAIL_")
}

# Logs: JSON lines in production (python-json-logger), readable text in
# development; LOG_FORMAT=json|text overrides. Every line carries the current
# action's correlation id and, inside a delivery, the event and the consumer
# (garage.kernel.tracing.TraceFilter).
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise environ.ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT}: json or text.")
LOG_FIELDS = ["correlation_id", "causation_id", "event_id", "event_type", "consumer"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"trace": {"()": "garage.kernel.tracing.TraceFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": ["levelname", "name", "message", *LOG_FIELDS],
            "rename_fields": {"levelname": "level"},
            "timestamp": "time",  # ISO 8601, UTC
        },
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s "
            "[%(correlation_id)s %(consumer)s %(event_type)s] %(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["trace"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "pika": {"level": "WARNING"},  # RabbitMQ's client: every connection step
    },
}

# Content-Security-Policy: scripts and styles from this site only (styles may
# be inline: the admin and Swagger UI set some), nothing framed, no plugins.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# HTTPS in production (DEBUG off): each can be turned off from the
# environment, e.g. behind a proxy that already redirects, or for a plain-HTTP
# test server on localhost.
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # The orchestrator probes, and Prometheus scrapes, over the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
