"""Décidons settings: one module, driven by environment variables.

Embedded default (nothing set): SQLite, in-process Celery tasks, local files,
e-mails printed on the console, DEBUG on. Production and CI set
``DATABASE_URL``, ``REDIS_URL``, ``SECRET_KEY``, ``ALLOWED_HOSTS``... (see
README and docker-compose.yml).
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# DJANGO_ENV=production switches every security default on (HTTPS only,
# secure cookies, HSTS) and requires a real SECRET_KEY; "development" (the
# default) is the embedded demo and the test suite, served over plain HTTP.
PRODUCTION = env.str("DJANGO_ENV", default="development") == "production"
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
else:
    SECRET_KEY = env.str(
        "SECRET_KEY", default="insecure-dev-key-only-for-the-embedded-demo-never-in-production"
    )

# Organisations are resolved from the host by OrganizationMiddleware, which
# answers 404 for unknown hosts; "*" lets that middleware, not Django's 400
# page, speak to visitors who reach an unknown host.
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "guardian",
    "participation",
    "participation.verifications",
    "participation.oidc",
    "participation.privacy",
    "participation.accounts",
    "participation.moderation",
    "participation.search",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "spaces",
    "budgets",
    "participation.components",
    "participation.comments",
    "participation.notifications",
    "pages",
    "blogs",
    "leaflet",
    "proposals",
    "synthesis",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "participation.middleware.OrganizationMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "participation.accounts.middleware.SessionRenewalMiddleware",
    "participation.middleware.OrganizationLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "participation.middleware.TenantUserMiddleware",
    "participation.middleware.WriteRateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "participation.moderation.blocking.BlockedSessionMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "participation.accounts.middleware.AccountPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "participation.context_processors.organization",
                "participation.backoffice.context_processors.backoffice",
            ],
        },
    },
]

# Absolute links in e-mails and command output: https in production; the
# embedded demo serves plain http on port 8000.
PUBLIC_SCHEME = env.str("PUBLIC_SCHEME", default="https" if PRODUCTION else "http")
PUBLIC_PORT = env.str("PUBLIC_PORT", default="")

# --- Data -------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "participation.cache_backend.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="decidons"),
            # The cache is an optimisation: with Redis down pages come from the database.
            # A dead Redis costs at most these time-outs (seconds), then is not tried again
            # for CACHE_RETRY_AFTER seconds (participation/cache_backend.py).
            "OPTIONS": {
                "socket_connect_timeout": env.float("REDIS_CONNECT_TIMEOUT", default=0.25),
                "socket_timeout": env.float("REDIS_SOCKET_TIMEOUT", default=0.5),
                "circuit_breaker_seconds": env.float("CACHE_RETRY_AFTER", default=5.0),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery -------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
# No broker: run tasks in-process so the embedded demo needs no service.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/Paris"
CELERY_BEAT_SCHEDULE: dict = {}

# --- Users --------------------------------------------------------------------
AUTH_USER_MODEL = "participation.User"
AUTHENTICATION_BACKENDS = [
    "participation.auth_backends.OrganizationEmailBackend",
    "participation.moderation.blocking.BlockedAccountNoticeBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Space roles are django-guardian object permissions; no anonymous user row is needed.
ANONYMOUS_USER_NAME = None
LOGIN_URL = "participation:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # invitations and resets: three days

# --- Accounts (django-allauth, scoped to the organisation by participation.accounts) ---
# allauth looks e-mails up globally; the same address may hold one account per
# organisation, so global uniqueness is off and participation.accounts checks
# it per organisation (forms, adapter, confirmation and reset views).
ACCOUNT_ADAPTER = "participation.accounts.adapter.AccountAdapter"
MFA_ADAPTER = "participation.accounts.adapter.MfaAdapter"
ACCOUNT_FORMS = {
    "signup": "participation.accounts.forms.SignupForm",
    "reset_password": "participation.accounts.forms.ResetPasswordForm",
    "add_email": "participation.accounts.forms.AddEmailForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = False
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# A reset asked for an unknown address sends nothing: on a multi-tenant
# install the address may belong to another organisation, which must not
# receive mail triggered from this one.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Décidons"

# --- Internationalisation ----------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Paris"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Files ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)
_static_backend = (
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
    if env.bool("STATIC_MANIFEST", default=PRODUCTION)
    else "whitenoise.storage.CompressedStaticFilesStorage"
)
if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    # S3-compatible object storage (django-storages must then be installed).
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "querystring_auth": True,
            "querystring_expire": 300,
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Outside production, static files are served straight from the source folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {"default": _media_storage, "staticfiles": {"BACKEND": _static_backend}}
# Uploads: size limits enforced by participation.uploads validators.
MAX_IMAGE_UPLOAD_BYTES = env.int("MAX_IMAGE_UPLOAD_BYTES", default=5 * 1024 * 1024)
MAX_DOCUMENT_UPLOAD_BYTES = env.int("MAX_DOCUMENT_UPLOAD_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# --- E-mail -------------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if env.str("EMAIL_HOST", default="")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Décidons <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -----------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Preloading HSTS commits a municipality's whole domain and its subdomains for
# years: each operator decides it with SECURE_HSTS_PRELOAD, so the check is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=PRODUCTION)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Sessions expire after two hours without activity (sliding expiry), renewed at most
# every five minutes (participation.accounts.middleware.SessionRenewalMiddleware).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=2 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = False
X_FRAME_OPTIONS = "DENY"

# Video embeds in pages: PeerTube instances allowed besides YouTube (nocookie), Vimeo and
# Dailymotion. CSP frame-src allows exactly these hosts unless CSP_FRAME_SRC overrides it.
EMBED_PEERTUBE_HOSTS = env.list("EMBED_PEERTUBE_HOSTS", default=[])
_EMBED_FRAME_SRC = [
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://www.dailymotion.com",
    *(f"https://{host}" for host in EMBED_PEERTUBE_HOSTS),
]

# Map tiles for Leaflet maps; CSP img-src must allow their host (CSP_IMG_SRC).
LEAFLET_TILES_URL = env.str(
    "LEAFLET_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [
            SELF,
            "data:",
            *env.list("CSP_IMG_SRC", default=["https://tile.openstreetmap.org"]),
        ],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": env.list("CSP_FRAME_SRC", default=_EMBED_FRAME_SRC) or [NONE],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
    },
}

# Requests that change state (POST, PUT, PATCH, DELETE) per client address.
WRITE_RATE_LIMIT = env.str("WRITE_RATE_LIMIT", default="60/m")
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
RATELIMIT_IP_META_KEY = env.str("RATELIMIT_IP_META_KEY", default="REMOTE_ADDR")
# Rate limits count in the cache: while it is down they let requests through rather
# than refuse every write (the cache is an optimisation, not a gate).
RATELIMIT_FAIL_OPEN = env.bool("RATELIMIT_FAIL_OPEN", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Privacy (participation.privacy) ---------------------------------------------------
# Personal-data archives: outside MEDIA_ROOT, streamed only to their owner.
PRIVACY_EXPORT_ROOT = env.path(
    "PRIVACY_EXPORT_ROOT", default=BASE_DIR / "private_media" / "exports"
)
PRIVACY_EXPORT_TTL_DAYS = env.int("PRIVACY_EXPORT_TTL_DAYS", default=7)
CELERY_BEAT_SCHEDULE["privacy.purge_expired_exports"] = {
    "task": "privacy.purge_expired_exports",
    "schedule": 60 * 60,  # hourly: a file outlives its link by an hour at most
}
# --- Notifications (participation.notifications): e-mail digests --------------------------
CELERY_BEAT_SCHEDULE["notifications.send_daily_digests"] = {
    "task": "notifications.send_daily_digests",
    "schedule": crontab(hour=7, minute=0),
}
CELERY_BEAT_SCHEDULE["synthesis.compute_daily_metrics"] = {
    "task": "synthesis.compute_daily_metrics",
    "schedule": crontab(hour=2, minute=30),
}
CELERY_BEAT_SCHEDULE["notifications.send_weekly_digests"] = {
    "task": "notifications.send_weekly_digests",
    "schedule": crontab(hour=7, minute=30, day_of_week="monday"),
}
