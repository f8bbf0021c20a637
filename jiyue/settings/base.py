"""Settings shared by the admin and the public application."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE

from .env import env_bool, env_int, env_list, mail_security, rate_limits, secret_key

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "jiyue"
VAR_DIR = Path(os.environ.get("JIYUE_VAR_DIR", BASE_DIR / "var"))

DEMO = env_bool("JIYUE_DEMO")
DEBUG = env_bool("JIYUE_DEBUG")
SECRET_KEY = secret_key(VAR_DIR, demo=DEMO)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,.localhost,127.0.0.1,testserver")
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", "http://127.0.0.1:8001,http://localhost:8001"
)

INSTALLED_APPS = [
    "jiyue.cluster",
    "jiyue.content",
    "jiyue.quality",
    "jiyue.workdays",
    "jiyue.monitor",
    "jiyue.interaction",
    "jiyue.disclosure",
    "jiyue.services",
    "jiyue.linkage",
    "jiyue.publishing",
    "jiyue.editorial",
    "jiyue.accounts",
    "jiyue.search",
    "jiyue.assessment",
    "jiyue.analytics",
    # The top layer: the worker runs every app's periodic jobs; the demo is
    # assembled from each app's own demo function.
    "jiyue.worker",
    "jiyue.demo",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the others, so that every response (the admin's too) gets its policy.
    "jiyue.accounts.middleware.JiyueCSPMiddleware",
    # Inside the CSP middleware: stamps its nonce on the admin's inline scripts.
    "jiyue.accounts.script_nonces.AdminScriptNonceMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "jiyue.accounts.middleware.StaffSecurityMiddleware",
    "jiyue.editorial.tenancy.TenantGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signs out after SESSION_COOKIE_AGE without a user action (pings do not count).
    "jiyue.accounts.idle.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Throttles logins by username and address together (offices share one address).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "jiyue.urls_admin"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "jiyue.context_processors.platform_name",
            ],
        },
    },
]

WSGI_APPLICATION = "jiyue.wsgi_admin.application"


def _database() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    # Embedded default: SQLite in WAL mode, writers take the lock up front so that
    # the web processes and the worker do not fail with "database is locked".
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "jiyue.sqlite3",
        "OPTIONS": {
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
        # Kept open between requests: closing the last connection to a WAL database
        # checkpoints and deletes the WAL, ~10 ms per request (docs/decisions/0310).
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


DATABASES = {"default": _database()}
# Every process (admin, public, workers) shares one cache: the CAPTCHA's single
# use, rate limits, and Wagtail's site root paths, which must change everywhere the
# moment a site is opened. Redis when JIYUE_REDIS_URL is set, else a table in the
# database (docs/decisions/0311-shared-cache-for-public-processes.md, 0420).
if os.environ.get("JIYUE_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "jiyue.redis_cache.SharedRedisCache",
            "LOCATION": os.environ["JIYUE_REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "jiyue_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
# Staff work in Chinese, on Beijing time: the account page offers no list of the
# world's languages and time zones (docs/decisions/0419-admin-in-chinese.md).
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai"]
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PACKAGE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Citizens' uploads: outside MEDIA_ROOT, served by no URL, only through the admin's
# download view (docs/decisions/0315-private-uploads.md).
JIYUE_PRIVATE_MEDIA_ROOT = Path(
    os.environ.get("JIYUE_PRIVATE_MEDIA_ROOT", VAR_DIR / "private")
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# One queue per kind of work, so that a worker (or a machine) can be given one:
# "monitor" holds the long crawls, "publishing" the static files, "interaction" the
# citizens' mail, "search" the index; the rest runs on "default" — Wagtail's own
# bookkeeping too (its reference index and admin search, a task per page saved).
# In this order an RQ worker takes them: what a citizen sees first (bench/mixed.py
# found publishing starved behind thousands of Wagtail tasks when "default" led).
TASK_QUEUES = ["publishing", "interaction", "search", "default", "monitor"]
# The embedded default is the database (django-tasks-db); "rq" puts the tasks on Redis
# (JIYUE_REDIS_URL) for several workers on several machines (docs/decisions/0520).
TASK_BACKEND = os.environ.get("JIYUE_TASK_BACKEND", "django_tasks_db.DatabaseBackend")
if TASK_BACKEND in ("rq", "django_tasks_rq.RQBackend"):
    TASK_BACKEND = "django_tasks_rq.RQBackend"
    if not os.environ.get("JIYUE_REDIS_URL"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "JIYUE_TASK_BACKEND=rq 需要 Redis：请设置 JIYUE_REDIS_URL"
            "（例如 redis://127.0.0.1:6379/0）。"
        )
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {
        name: {
            "URL": os.environ["JIYUE_REDIS_URL"],
            # A crawl or a full rebuild of a large site runs for long minutes.
            "DEFAULT_TIMEOUT": 3600,
        }
        for name in TASK_QUEUES
    }
    # Our queue adds retries with backoff to the tasks each app declares retrying.
    RQ = {"QUEUE_CLASS": "jiyue.worker.rq.RetryingQueue"}
TASKS = {"default": {"BACKEND": TASK_BACKEND, "QUEUES": TASK_QUEUES}}
# The delays, in seconds, before each retry of a task that may fail transiently
# (a mail server, a crawled site, the disk); their number is the number of retries.
JIYUE_TASK_RETRY_DELAYS = [
    int(delay)
    for delay in env_list("JIYUE_TASK_RETRY_DELAYS", "10,60,300")
    if delay.isdigit()
]

WAGTAIL_SITE_NAME = "集约 · 政府网站集约化平台"
# The admin's name on sign-in and in window titles (0419); an office may set its own.
JIYUE_PLATFORM_NAME = os.environ.get("JIYUE_PLATFORM_NAME", "集约")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8001")
WAGTAIL_I18N_ENABLED = False
# Documents only through Wagtail's serve view (its privacy rules and ours, 0213);
# never a direct link to the file.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ofd",
    "wps",
    "txt",
    "zip",
]
# Wagtail's database backend fed segmented Chinese (docs/decisions/0607).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "jiyue.search.wagtail_backend"}}
# 站内搜索 (jiyue.search): "tantivy" (embedded) or "postgres"; empty: PostgreSQL's
# when the database is PostgreSQL, else tantivy (docs/decisions/0603).
JIYUE_SEARCH_ENGINE = os.environ.get("JIYUE_SEARCH_ENGINE", "")
JIYUE_SEARCH_DIR = Path(os.environ.get("JIYUE_SEARCH_DIR", VAR_DIR / "search"))
# The first query builds a missing index itself up to this many documents.
JIYUE_SEARCH_LAZY_BUILD_LIMIT = int(os.environ.get("JIYUE_SEARCH_LAZY_BUILD", "20000"))
# Processes segmenting a rebuild's documents beside the one feeding the index (0: none,
# all in that one). By default one per core but one, from 3 cores: on 2 it did not pay
# (docs/decisions/0614).
JIYUE_SEARCH_BUILD_WORKERS = int(
    os.environ.get(
        "JIYUE_SEARCH_BUILD_WORKERS",
        (os.cpu_count() or 1) - 1 if (os.cpu_count() or 1) > 2 else 0,
    )
)
WAGTAIL_ENABLE_UPDATE_CHECK = False
# 先审查、后公开: an edit after an approval sends the page through every step again.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# The last approval of a site's chain (签发) publishes, signer's page perms or not.
WAGTAIL_FINISH_WORKFLOW_ACTION = "jiyue.editorial.finish.publish_approved"
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"

# Sites of the demo cluster answer on this port of the public application.
JIYUE_PUBLIC_PORT = int(os.environ.get("JIYUE_PUBLIC_PORT", "8000"))
# Static publishing (静态发布): one tree per site host under this directory.
JIYUE_PUBLISH_ROOT = Path(os.environ.get("JIYUE_PUBLISH_ROOT", VAR_DIR / "publish"))
# Processes a full rebuild of several sites uses (0: one per CPU).
JIYUE_PUBLISH_WORKERS = int(os.environ.get("JIYUE_PUBLISH_WORKERS", "0"))
# 微信 QR codes of page URLs kept between runs (a cache; "" turns it off).
JIYUE_QR_CACHE = os.environ.get("JIYUE_QR_CACHE", str(VAR_DIR / "cache" / "qr.sqlite3"))
# The access log nginx writes in the ``jiyue`` format (jiyue nginx_conf) and the
# files the analytics job reads (glob patterns, comma-separated; rotated ones too).
JIYUE_ACCESS_LOG = os.environ.get(
    "JIYUE_ACCESS_LOG", str(VAR_DIR / "log" / "access.log")
)
JIYUE_ACCESS_LOGS = [
    p
    for p in os.environ.get("JIYUE_ACCESS_LOGS", JIYUE_ACCESS_LOG + "*").split(",")
    if p
]
# Where nginx proxies the dynamic paths (jiyue nginx_conf).
JIYUE_PUBLIC_UPSTREAM = os.environ.get("JIYUE_PUBLIC_UPSTREAM", "127.0.0.1:8000")
# The four public documents the demo publishes ship with the package.
JIYUE_CORPUS_DIR = Path(
    os.environ.get("JIYUE_CORPUS_DIR", PACKAGE_DIR / "content" / "demo" / "corpus")
)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind TLS (jiyue nginx_conf --tls): JIYUE_HTTPS=1 marks the cookies Secure, trusts
# nginx's X-Forwarded-Proto and sends HSTS. Off for the demo (http on localhost).
JIYUE_HTTPS = env_bool("JIYUE_HTTPS")
SESSION_COOKIE_SECURE = JIYUE_HTTPS
CSRF_COOKIE_SECURE = JIYUE_HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if JIYUE_HTTPS else None
SECURE_HSTS_SECONDS = 31536000 if JIYUE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = JIYUE_HTTPS

# Staff security (docs/decisions/0403-staff-second-factor.md, 0405-csp.md).
JIYUE_REQUIRE_2FA = env_bool("JIYUE_REQUIRE_2FA", default=True)
JIYUE_AUDIT_RETENTION_DAYS = 180
OTP_TOTP_ISSUER = "集约 Jiyue"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
SESSION_COOKIE_AGE = int(os.environ.get("JIYUE_SESSION_IDLE_SECONDS", 30 * 60))
# The cookie's age counts from the last request; the idle timeout itself from the
# last user action (jiyue.accounts.idle: background pings do not count).
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Wagtail's admin sets style attributes and shows images from data: and blob: URLs;
# its inline scripts run under a per-response nonce, and what they add themselves
# under 'strict-dynamic' (docs/decisions/0418-admin-scripts-under-a-nonce.md).
JIYUE_ADMIN_CSP = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", NONCE, "'strict-dynamic'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "frame-src": ["'self'"],
    }
}
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party requests from the admin

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("JIYUE_LOG_LEVEL", "WARNING"),
    },
}
FORMS_URLFIELD_ASSUME_HTTPS = True

# 互动交流 (jiyue.interaction): reply time limits count Chinese working days.
JIYUE_ERROR_REPORT_WORKDAYS = int(os.environ.get("JIYUE_ERROR_REPORT_WORKDAYS", "2"))
# The monitor checks the links to other websites too; a platform on a network without
# the Internet (政务外网 only) turns that off rather than report every one broken.
JIYUE_MONITOR_CHECK_EXTERNAL = env_bool("JIYUE_MONITOR_CHECK_EXTERNAL", True)
# 告警 (jiyue.monitor.alerts): an open alert is sent again after this many hours;
# with a webhook address, each alert is also POSTed there as JSON (SMS or IM gateway).
JIYUE_ALERT_REPEAT_HOURS = int(os.environ.get("JIYUE_ALERT_REPEAT_HOURS", "4"))
JIYUE_ALERT_WEBHOOK = os.environ.get("JIYUE_ALERT_WEBHOOK", "")
# Mail to staff (a new letter, alerts, 整改 reminders, linkage notices) through the
# office's SMTP server (docs/operations.md).
EMAIL_HOST = os.environ.get("JIYUE_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("JIYUE_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("JIYUE_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("JIYUE_EMAIL_PASSWORD", "")
EMAIL_USE_TLS, EMAIL_USE_SSL = mail_security()
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("JIYUE_EMAIL_FROM", "webmaster@localhost")
if DEMO and "JIYUE_EMAIL_HOST" not in os.environ:
    # The demo names no SMTP server: its mail (alerts, a new letter to the
    # operators…) is written to var/mail, one file a message, instead of failing
    # against localhost:25 with a traceback in the console.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
JIYUE_INTERACTION_MAX_WORKDAYS = 15
JIYUE_INTERACTION_MAX_UPLOAD = 5 * 1024 * 1024
# Rate limits and survey caps read X-Forwarded-For only when the peer is one of
# these proxies (addresses or networks, comma-separated; empty: trust none).
# Loopback: the generated nginx (docs/decisions/0316-client-address-and-budgets.md).
JIYUE_TRUSTED_PROXIES = env_list("JIYUE_TRUSTED_PROXIES", "127.0.0.1,::1")
# The budgets of the letter and survey forms (count/seconds), where an operator sets
# them: JIYUE_RATE_LIMIT_PER_ADDRESS, _PER_FORM, _PER_ADDRESS_QUERY (docs/operations.md).
JIYUE_INTERACTION_RATE_LIMITS = rate_limits()
