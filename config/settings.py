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
    "participation.outbox",
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
    "participation.csp.TenantCSPMiddleware",  # django-csp, plus OIDC providers in form-action
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
                "SOCKET_CONNECT_TIMEOUT": env.float("REDIS_CONNECT_TIMEOUT", default=0.25),
                "SOCKET_TIMEOUT": env.float("REDIS_SOCKET_TIMEOUT", default=0.5),
                "CIRCUIT_BREAKER_SECONDS": env.float("CACHE_RETRY_AFTER", default=5.0),
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
# A space of any type holds its roles as the one base ``Space`` (participation.models.spaces).
GUARDIAN_GET_CONTENT_TYPE = "participation.models.spaces.guardian_content_type"
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
# A reset request never changes the account (allauth's own generator records an
# unverified address on accounts that have none, locking invited administrators out).
ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR = "participation.accounts.tokens.ResetTokenGenerator"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Décidons"
# One 30-second step either side (RFC 6238 §5.2): a phone whose clock drifts, or a code
# typed as its window turns, is not refused. allauth remembers a used code for the whole
# window, so a code still opens one sign-in only.
MFA_TOTP_TOLERANCE = 1

# --- Internationalisation ----------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date style per language (config/formats/<language>/formats.py); numbers and money:
# participation.numbers.
FORMAT_MODULE_PATH = ["config.formats"]
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
# User files: served by the permission-checked view at /media/ (participation.media), or
# from a separate cookieless origin when MEDIA_URL names another host (see README).
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
_static_backend = (
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
    if env.bool("STATIC_MANIFEST", default=PRODUCTION)
    else "whitenoise.storage.CompressedStaticFilesStorage"
)
if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    # S3-compatible object storage on its own domain: the optional extra `s3`.
    try:
        import storages  # noqa: F401
    except ImportError as error:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "AWS_STORAGE_BUCKET_NAME is set but django-storages is not installed: "
            "install the `s3` extra (pip install '.[s3]') or unset AWS_STORAGE_BUCKET_NAME."
        ) from error
    _media_storage = {
        "BACKEND": "participation.storage.MediaS3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "querystring_auth": True,
            "querystring_expire": 300,
            "signature_version": "s3v4",
        },
    }
else:
    _media_storage = {"BACKEND": "participation.storage.MediaStorage"}
# Outside production, static files are served straight from the source folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {"default": _media_storage, "staticfiles": {"BACKEND": _static_backend}}
# Uploads: size limits enforced by participation.uploads validators.
MAX_IMAGE_UPLOAD_BYTES = env.int("MAX_IMAGE_UPLOAD_BYTES", default=5 * 1024 * 1024)
MAX_DOCUMENT_UPLOAD_BYTES = env.int("MAX_DOCUMENT_UPLOAD_BYTES", default=10 * 1024 * 1024)
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

# Geocoding addresses into map points (participation.geocoding): off while GEOCODER_URL is
# empty. The URL's host must be in GEOCODER_ALLOWED_HOSTS, so a mistyped or tampered URL
# never makes the server call an arbitrary host (the default is France's Base Adresse
# Nationale, https://api-adresse.data.gouv.fr/search/).
GEOCODER_URL = env.str("GEOCODER_URL", default="")
GEOCODER_ALLOWED_HOSTS = env.list("GEOCODER_ALLOWED_HOSTS", default=["api-adresse.data.gouv.fr"])

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
        # Forms post to this site only; no plugins, workers, manifests or media elsewhere.
        "form-action": [SELF],
        "manifest-src": [SELF],
        "media-src": [SELF],
        "worker-src": [NONE],
        "child-src": [NONE],
        "script-src-attr": [NONE],
        "style-src-attr": [NONE],
        **({"upgrade-insecure-requests": True} if PRODUCTION else {}),
        # Violations reported to an endpoint of the operator's choice (optional).
        **(
            {"report-uri": env.str("CSP_REPORT_URI")}
            if env.str("CSP_REPORT_URI", default="")
            else {}
        ),
    },
}

# Requests that change state (POST, PUT, PATCH, DELETE) per client address.
WRITE_RATE_LIMIT = env.str("WRITE_RATE_LIMIT", default="60/m")
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
# --- Client address behind proxies (participation.client_ip) ---------------------------
# Number of reverse proxies in front of the app that append to X-Forwarded-For (1 behind
# the documented TLS proxy). 0: REMOTE_ADDR only, the header is ignored. Every rate limit
# (django-ratelimit, allauth through the account adapter, WriteRateLimitMiddleware) keys
# on participation.client_ip.client_ip.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
RATELIMIT_IP_META_KEY = "participation.client_ip.client_ip"
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

# --- Sessions clean-up (participation.accounts.tasks) ------------------------------------
# Expired session rows are deleted hourly (Django's clearsessions); without Celery beat,
# run `python manage.py clearsessions` from cron.
CELERY_BEAT_SCHEDULE["accounts.clear_expired_sessions"] = {
    "task": "accounts.clear_expired_sessions",
    "schedule": crontab(minute=17),
}
# --- Sign-in providers' client secrets (participation.oidc.secret_box) ----------------
# Comma-separated Fernet keys: the first encrypts, all decrypt (rotation:
# new key first, then `manage.py rotate_oidc_secrets`, then drop the old one).
# Unset: a key derived from SECRET_KEY (the deploy check warns).
OIDC_SECRET_KEYS = env.list("OIDC_SECRET_KEYS", default=[])
# --- Uploads, user files and the operator console's host (issue 12) ------------------------
# Request bodies larger than MAX_REQUEST_BODY_BYTES get a 413 before any byte of the body is
# read (participation.middleware.RequestBodyLimitMiddleware, first in MIDDLEWARE); the web
# server's own limit (nginx client_max_body_size) should be the same (README).
MAX_REQUEST_BODY_BYTES = env.int(
    "MAX_REQUEST_BODY_BYTES", default=MAX_DOCUMENT_UPLOAD_BYTES + 2 * 1024 * 1024
)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2 * 1024 * 1024)
MIDDLEWARE.insert(0, "participation.middleware.RequestBodyLimitMiddleware")
# Who sends the bytes of a user file once participation.media has checked the request:
# "django" (development), "x-accel-redirect" (nginx: an internal location named by
# MEDIA_ACCEL_REDIRECT_PREFIX aliasing MEDIA_ROOT) or "x-sendfile" (Apache, lighttpd).
MEDIA_DELIVERY = env.str("MEDIA_DELIVERY", default="django")
if MEDIA_DELIVERY not in ("django", "x-accel-redirect", "x-sendfile"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "MEDIA_DELIVERY must be one of: django, x-accel-redirect, x-sendfile."
    )
MEDIA_ACCEL_REDIRECT_PREFIX = env.str("MEDIA_ACCEL_REDIRECT_PREFIX", default="/protected-media/")
# The operator console (/system/) answers on this host name only, never on an
# organisation's host (404 there). Development and tests: "system.localhost"; in
# production it must be set (e.g. console.decidons.example), or the console is off.
SYSTEM_HOST = env.str("SYSTEM_HOST", default="" if PRODUCTION else "system.localhost").lower()
# --- Outbox (participation.outbox): follow-ups of a write, recorded with it -----------------
# A pending message is handed to Celery again by the sweeper this many seconds after it was
# last handed over. The broker's visibility timeout is longer: a task still running is not
# redelivered under the worker running it, while a worker killed mid-task has its message
# back from the broker (acks_late + reject_on_worker_lost) or, sooner, from the sweeper.
# Every consumer is idempotent, so either path may run a message twice safely.
OUTBOX_REDISPATCH_AFTER = env.int("OUTBOX_REDISPATCH_AFTER", default=120)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=12)
OUTBOX_KEEP_DAYS = env.int("OUTBOX_KEEP_DAYS", default=7)
# An e-mail claimed by a worker is left alone this long (more than one SMTP exchange).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
OUTBOX_EMAIL_LEASE = env.int("OUTBOX_EMAIL_LEASE", default=3 * EMAIL_TIMEOUT)
OUTBOX_EMAIL_MAX_ATTEMPTS = env.int("OUTBOX_EMAIL_MAX_ATTEMPTS", default=8)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Longer than any task runs (an e-mail batch of 1,000 takes well under a minute) and
    # than OUTBOX_REDISPATCH_AFTER: the sweeper, not the broker, is the first to recover.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=1800),
    # A broker that is down fails a publish fast: the write has committed, the sweeper
    # hands the message over once the broker is back.
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_BEAT_SCHEDULE["outbox.sweep"] = {"task": "outbox.sweep", "schedule": 60}
