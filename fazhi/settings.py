"""fazhi settings: one file, driven by environment variables.

Defaults are the safe production ones (DEBUG off, HTTPS-only cookies, HSTS); `make run` and the
tests turn DEBUG on through the environment. Every variable: README.md and docs/deploy.md.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("生产环境必须设置环境变量 SECRET_KEY (SECRET_KEY must be set).")
    # Only a DEBUG site may run on a throwaway key; sessions do not survive a restart.
    SECRET_KEY = "dev-only-" + "x" * 60


def _data_keys() -> str:
    """FAZHI_DATA_KEYS: the SM4 keys of personal data at rest (fazhi.core.crypto).

    Production must set it (docs/security-keys.md). A DEBUG site on a developer's machine gets
    a key of its own, made from the OS random source on first start and kept beside its SQLite
    file in .local/ (ignored by git), so that the demo's encrypted data survives restarts and
    no key is ever part of the repository.
    """
    keys = os.environ.get("FAZHI_DATA_KEYS", "").strip()
    if keys:
        return keys
    if not DEBUG:
        raise ImproperlyConfigured(
            "生产环境必须设置环境变量 FAZHI_DATA_KEYS（个人敏感信息的加密密钥），"
            "见 docs/security-keys.md (FAZHI_DATA_KEYS must be set)."
        )
    local = BASE_DIR / ".local" / "data-keys"
    if not local.exists():
        local.parent.mkdir(mode=0o700, exist_ok=True)
        # Created readable by its owner only, from the first byte.
        descriptor = os.open(local, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as key_file:
            key_file.write(f"dev:{os.urandom(32).hex()}\n")
    return local.read_text().strip()


FAZHI_DATA_KEYS = _data_keys()

# Uploads with more rows than this are imported by the background worker (`manage.py work`),
# with a progress page; smaller ones at once, in the request.
FAZHI_INLINE_IMPORT_ROWS = int(os.environ.get("FAZHI_INLINE_IMPORT_ROWS", "2000"))


ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    # Before django.contrib.auth: a command of an app listed earlier wins, and core replaces
    # auth's changepassword and createsuperuser, which set passwords past the audited action.
    "fazhi.core",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "fazhi.reconsideration",
    "fazhi.litigation",
    "fazhi.legality",
    "fazhi.enforcement",
    # 行政执法监督's other registers: officers before 涉企检查, which checks their cards.
    "fazhi.officers",
    "fazhi.inspections",
    "fazhi.enforcement_data",
    "fazhi.oversight",
    # 评议考核 scores the departments from the registers above (core/measures.py).
    "fazhi.evaluation",
    "fazhi.legalaid",
    "fazhi.mediation",
    "fazhi.corrections",
    "fazhi.resettlement",
    "fazhi.publicity",
    # 法律服务队伍: the organisations and practitioners first, then the complaints and checks
    # that name them (profession.holders).
    "fazhi.profession",
    "fazhi.profession_oversight",
    # 全面依法治县: the committee's meetings and tasks, the departments' yearly reports, and
    # the government's 法律顾问.
    "fazhi.committee",
    "fazhi.department_reports",
    "fazhi.counsel",
    "fazhi.indicators",
    "fazhi.dashboard",
    "fazhi.reports",
    "fazhi.tables",
    "fazhi.imports",
    # The site's front and the operator's commands: they stand on the other apps, none on them.
    "fazhi.portal",
    "fazhi.operations",
    "ninja",
    "fazhi.api",
    "fazhi.security",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "fazhi.core.middleware.AuditOriginMiddleware",
    "fazhi.core.faults.DatabaseFaultMiddleware",
    # After the login check: headers on every page, then the idle timeout, then the steps a
    # user must finish (new password, two-factor enrolment) before anything else.
    "fazhi.security.middleware.SecurityHeadersMiddleware",
    "fazhi.security.middleware.IdleTimeoutMiddleware",
    "fazhi.security.middleware.RequiredStepsMiddleware",
    # Under DEBUG (the demo), a missing page is the site's own 页面不存在, not Django's; inside
    # the others, so the page it makes passes every middleware above (headers, cache, cookies).
    "fazhi.core.middleware.NotFoundPageMiddleware",
    # Last, so that it turns a lockout flagged by the login view into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

# Django's templates, with a select's empty choice said in Chinese (core/renderers.py).
FORM_RENDERER = "fazhi.core.renderers.SiteFormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "fazhi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fazhi.portal.context_processors.site",
            ],
        },
    },
]

# SQLite is the embedded default so that `make run` works on a bare machine;
# production sets DATABASE_URL=postgres://user:pass@host:5432/fazhi.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections are a deployment's choice (CONN_MAX_AGE=60 behind a WSGI
        # server); off by default, since the test server's threads would keep them open.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
# Axes first: it refuses a locked-out account or address before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "fazhi.security.backends.LockoutBackend",
    "fazhi.core.backends.UnitAwareBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "fazhi.core.passwords.ChineseMinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    # GB/T 22239 身份鉴别 a: three of four character classes, and not the username.
    {"NAME": "fazhi.core.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "fazhi.core.passwords.NotUsernameValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Authentication controls (docs/security.md). A password is changed at first login (an account
# an administrator created or reset) and every FAZHI_PASSWORD_MAX_AGE_DAYS days.
# (0 switches the periodic change off.)
FAZHI_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("FAZHI_PASSWORD_MAX_AGE_DAYS", "90"))
# An API token stops working this many days after it was made; its owner makes a new one.
FAZHI_API_TOKEN_DAYS = int(os.environ.get("FAZHI_API_TOKEN_DAYS", "180"))
# A session unused for this long is ended on the server; the user logs in again.
FAZHI_SESSION_IDLE_MINUTES = int(os.environ.get("FAZHI_SESSION_IDLE_MINUTES", "30"))
# The audit log is kept at least this long before archive_audit may move it out (网络安全法
# 第二十一条: six months; less is refused by a system check).
FAZHI_AUDIT_RETENTION_DAYS = int(os.environ.get("FAZHI_AUDIT_RETENTION_DAYS", "180"))
# The audit chain's tail (position and MAC), appended daily by the worker (`manage.py work`) to
# this file outside the database and checked by verify_audit: entries cut from the end of the
# log together with their seals show as a recorded position the database no longer holds.
# Default: the data directory (the worker's home in production, .local/ for a DEBUG site); ""
# switches it off.
FAZHI_AUDIT_TAIL_FILE = os.environ.get(
    "FAZHI_AUDIT_TAIL_FILE",
    str(BASE_DIR / ".local" / "audit-tail.jsonl") if DEBUG else "/var/lib/fazhi/audit-tail.jsonl",
)
# Years personal data stays visible after a record's business ended, per register, overriding
# each register's default (core/retention.py): "corrections_subject=10,legal_aid=15".
FAZHI_RETENTION_YEARS = os.environ.get("FAZHI_RETENTION_YEARS", "")
# The largest file a case may hold (core/attachments.py), in MB. The upload is kept in memory
# while it is checked and sealed, so this bounds a request's memory; nginx's
# client_max_body_size (deploy/nginx/fazhi.conf) must stay above it.
FAZHI_ATTACHMENT_MAX_MB = int(os.environ.get("FAZHI_ATTACHMENT_MAX_MB", "20"))
# Name shown by authenticator apps next to the account (RFC 6238 issuer).
FAZHI_TOTP_ISSUER = "法治工作管理系统"

# django-axes: 5 failed logins lock the account, and separately the address, for 15 minutes;
# a successful login clears the count. Failed two-factor codes count as failed logins.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/locked_out.html"
# The client's address is REMOTE_ADDR, as for the audit log: gunicorn sets it from nginx's
# connection, while X-Forwarded-For is whatever the client chose to send.
AXES_CLIENT_IP_CALLABLE = "fazhi.core.audit.client_ip"
# Failed attempts are in the audit log already (fazhi.core.signals); axes keeps only counts.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "zh-hans")
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Transport security. Bureaus that must serve plain HTTP on an intranet set HTTPS=0 and accept
# the warnings of `manage.py check --deploy`; everyone else keeps these defaults.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 3600))
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # The worker's daily record of the audit chain's tail reaches the journal (syslog) whatever
    # LOG_LEVEL says: a copy outside the database that verify_audit's operator can compare.
    "loggers": {"fazhi.audit.tail": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
