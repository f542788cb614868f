"""Settings for every deployment, read from the environment (see README, "Configuration")."""

from pathlib import Path

import dj_database_url
from whitenoise.compress import Compressor

from qualitymonth.env import env_bool, env_int, env_list, env_str, env_url, secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_key(VAR_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "qualitymonth.core",
    "qualitymonth.organizations",
    "qualitymonth.campaigns",
    "qualitymonth.events",
    "qualitymonth.awards",
    "qualitymonth.surveys",
    "qualitymonth.enquiries",
    "qualitymonth.members",
    "qualitymonth.publishing",
    "qualitymonth.training",
    "qualitymonth.search",
    "qualitymonth.newsletters",
    "qualitymonth.quality",
    "qualitymonth.standards",
    "qualitymonth.figures",
    "qualitymonth.demo",
    "qualitymonth.admin_apps.QualityMonthAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "qualitymonth.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(), then: an unverified session may only complete its second factor.
    "django_otp.middleware.OTPMiddleware",
    "qualitymonth.core.auth.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "qualitymonth.core.middleware.ContentSecurityPolicyMiddleware",
    # After the headers above (their answers carry them), before any view reads the body.
    "qualitymonth.core.middleware.RequestSizeLimitMiddleware",
    "qualitymonth.core.middleware.ControlCharacterMiddleware",
    # Last, so that a locked-out sign-in is answered after authentication ran.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qualitymonth.urls"
WSGI_APPLICATION = "qualitymonth.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "qualitymonth" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qualitymonth.core.context_processors.navigation",
            ],
            # {% colon %} everywhere: '：' on Chinese pages, ': ' on English ones.
            "builtins": ["qualitymonth.core.templatetags.punctuation"],
        },
    },
]

# --- Database ---------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'qualitymonth.sqlite3'}")
DATABASES = {
    # No health check (a round trip before every request's first query): a connection the
    # database dropped (a restart) fails that one request, and Django closes it after the
    # error, so the worker's next request connects afresh; nothing is written half-way (each
    # write runs in its transaction). Where connections are dropped often (a proxy closing
    # idle ones), DB_CONN_HEALTH_CHECKS=true checks each before use.
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", False),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The hot paths' statements are planned once per connection (core/prepared.py); a pooler
    # that cannot keep prepared statements (PgBouncer before 1.21 in transaction mode) needs
    # DB_PREPARED_STATEMENTS=false. Django's own cursors never prepare.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        0 if env_bool("DB_PREPARED_STATEMENTS", True) else None
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets the demo server read while a request writes; IMMEDIATE avoids
    # "database is locked" when two writers upgrade their locks at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, rate limits ---------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "qualitymonth.core.redis_cache.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Anonymous pages and heavy fragments are cached this many seconds (0: never), keyed by the
# data versions that writes replace (core/cache.py). Off by default without Redis: a
# local-memory cache is each worker process's own, so one worker would not see another's
# writes replace a version.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300 if REDIS_URL else 0)

# --- Authentication -------------------------------------------------------------
AUTH_USER_MODEL = "organizations.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's, with the person read by SQL compiled once per process.
    "qualitymonth.core.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my_work"
LOGOUT_REDIRECT_URL = "home"
# Behind load balancers or reverse proxies that append the client's address to
# X-Forwarded-For: how many of them there are. 0 (no proxy) ignores the header, which clients
# can write. Every throttle (sign-in, rate limits) reads the address through
# qualitymonth.core.clients.client_address, which follows this setting.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Failed sign-ins are throttled per user name (from any address) and per address (on any user
# names), each within the cool-off period. The attempts are kept in the database whatever the
# cache, so that the secretariat can list and lift lockouts (core/auth/lockouts.py says why).
AXES_HANDLER = "qualitymonth.core.auth.lockouts.SignInAttemptHandler"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "qualitymonth.core.clients.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Password reset links by e-mail last this long (seconds); requests one client, and one
# e-mail address, may make.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3600)
PASSWORD_RESET_RATE = env_str("PASSWORD_RESET_RATE", "5/h")
# A second factor (TOTP, with recovery codes) is required of everyone holding one of these
# roles (they see citizens' names, phones and ID numbers) and optional for others.
# OTP_REQUIRED=false switches the requirement off (the local demo server does).
OTP_REQUIRED = env_bool("OTP_REQUIRED", True)
OTP_REQUIRED_ROLES = ["secretariat", "case_handler"]
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Quality Month")

# --- Background tasks -------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Languages and time ------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("zh-hant", "繁體中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "qualitymonth" / "locale"]
# One date style per language (2026年9月1日, 1 Sep 2026): qualitymonth/formats/.
FORMAT_MODULE_PATH = ["qualitymonth.formats"]
LANGUAGE_COOKIE_NAME = "qm_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files (built by `make assets`, served by WhiteNoise) -----------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "qualitymonth" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Source maps are for developers' tools only: compressing them was most of collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
# Uploaded photos and attachments; on several app servers, a shared directory.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
# Uploads above this size go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A larger request is refused by its Content-Length before it is read (413).
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 25 * 1024 * 1024)
# Lesson videos: the largest accepted (the resumable upload's limit) and its chunk size.
MAX_VIDEO_BYTES = env_int("MAX_VIDEO_BYTES", 4 * 1024 * 1024 * 1024)
VIDEO_CHUNK_BYTES = env_int("VIDEO_CHUNK_BYTES", 8 * 1024 * 1024)
# Unfinished resumable uploads: outside MEDIA_ROOT, never served.
RESUMABLE_UPLOAD_DIR = VAR_DIR / "uploads"

# --- Campaigns -------------------------------------------------------------------------
CAMPAIGN_REMIND_DAYS_BEFORE = env_int("CAMPAIGN_REMIND_DAYS_BEFORE", 3)
CAMPAIGN_REMIND_DAYS_AFTER = env_int("CAMPAIGN_REMIND_DAYS_AFTER", 14)
# An action with no report for this many days shows as silent to the secretariat.
CAMPAIGN_SILENT_DAYS = env_int("CAMPAIGN_SILENT_DAYS", 14)

# --- Mail ------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "qualitymonth@localhost")
# Newsletters' bounces: the mailbox the mail server's delivery reports arrive in (a Maildir, an
# mbox file, imaps://… or pop3s://…) and the return address they are sent back to (VERP).
NEWSLETTER_BOUNCE_MAILBOX = env_str("NEWSLETTER_BOUNCE_MAILBOX", "")
NEWSLETTER_BOUNCE_ADDRESS = env_str("NEWSLETTER_BOUNCE_ADDRESS", "")
# Where people reach the platform. Pages build links from the request; what is written
# without one (e-mails, SMS, certificates' QR codes, iCal UIDs) starts with this
# (core.links.absolute_url). `check --deploy` warns while it is left on this machine.
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000")

# --- Events ------------------------------------------------------------------------------
# Signatures on the commitment wall one client may send ("count/period", core/budgets.py).
COMMITMENT_RATE = env_str("COMMITMENT_RATE", "5/h")
# Anonymous registrations (web and API) and ticket cancellations one client may send, and
# registrations one phone number (in E.164) may make from any address: a script rotating
# addresses is still stopped by the phone, one rotating phones by the address.
REGISTRATION_RATE = env_str("REGISTRATION_RATE", "20/h")
REGISTRATION_PHONE_RATE = env_str("REGISTRATION_PHONE_RATE", "5/h")

# --- Recognition programs ---------------------------------------------------------------
# Objections to a public notice one client may file ("count/period", core/budgets.py).
OBJECTION_RATE = env_str("OBJECTION_RATE", "10/h")

# --- Surveys -----------------------------------------------------------------------------
# Answers to a public questionnaire one client may send.
SURVEY_ANSWER_RATE = env_str("SURVEY_ANSWER_RATE", "30/h")
# Citizen services: anonymous submissions one client may file, the SMS gateway, and how long
# personal data is kept after a case closes before it may be erased on request.
ENQUIRY_RATE = env_str("ENQUIRY_RATE", "5/h")
ENQUIRY_TRACK_RATE = env_str("ENQUIRY_TRACK_RATE", "20/h")
ENQUIRY_SMS_SENDER = env_str(
    "ENQUIRY_SMS_SENDER", "qualitymonth.enquiries.services.notify.outbox_sender"
)
ENQUIRY_RETENTION_DAYS = env_int("ENQUIRY_RETENTION_DAYS", 1095)
# Open311 requests one API key (or client) may post.
OPEN311_RATE = env_str("OPEN311_RATE", "60/h")

# --- Security ----------------------------------------------------------------------------
# HTTPS=true turns on everything `check --deploy` asks for; leave it off only on a
# plain-HTTP intranet or for local use.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
CSRF_FAILURE_VIEW = "qualitymonth.core.views.csrf_failure"
FORMS_URLFIELD_ASSUME_HTTPS = True
