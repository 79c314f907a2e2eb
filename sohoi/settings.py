"""Settings for sohoi: one module, configured from the environment.

DATABASE_URL          default sqlite:///var/sohoi.sqlite3 (WAL mode)
SECRET_KEY            set it in production; otherwise a key is generated once under var/
DEBUG                 "1"/"true" to enable
ALLOWED_HOSTS         comma-separated, default "127.0.0.1,localhost"
CSRF_TRUSTED_ORIGINS  comma-separated origins, e.g. "https://hoi.example.vn"
TRUSTED_PROXIES       comma-separated addresses of reverse proxies whose X-Forwarded-For and
                      X-Forwarded-Proto are believed (e.g. "127.0.0.1" behind a local nginx)
SECURE_COOKIES        secure session/CSRF cookies (default: on unless DEBUG)
SECURE_HSTS_SECONDS   HSTS max-age to send (default 0: leave HSTS to the proxy)
CONN_MAX_AGE          persistent database connections, seconds (default 60)
DISABLE_SERVER_SIDE_CURSORS  "1" behind PgBouncer in transaction mode
AXES_FAILURE_LIMIT    failed logins before a 30-minute lockout (default 5)
SQLITE_BUSY_TIMEOUT   seconds a write waits for SQLite's write lock (default 30)
LOG_LEVEL, STATIC_ROOT, MEDIA_ROOT, SOHOI_VAR_DIR
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SOHOI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG")


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    # No key given: generate one once and keep it under var/ (never in the repository).
    # Production sets SECRET_KEY explicitly (docs/operators.md).
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("TRUSTED_PROXIES", "").split(",") if p.strip()]
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",  # runserver leaves static files to WhiteNoise, as in production
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "treebeard",
    "ninja",
    "django_htmx",
    "axes",
    "django_tasks_db",
    "core",
    "org",
    "accounts",
    "people",
    "members",
    "imports",
    "dues",
    "funds",
    "indicators",
    "clubs",
    "aid",
    "blood",
    "training",
    "reporting",
    "projects",
    "oversight",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "core.middleware.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "sohoi.urls"
WSGI_APPLICATION = "sohoi.wsgi.application"

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
                "org.context_processors.sohoi",
            ],
        },
    },
]

# Widgets render through the project's templates: templates/django/forms/widgets/ overrides the radio
# and checkbox lists with Bootstrap markup (Django's own put the input class on the wrapper too).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'sohoi.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process and the task worker read while the other writes. One writer at a
    # time: a transaction takes the write lock when it begins (IMMEDIATE, so it never fails half
    # way through on an upgrade), and a writer waits up to SQLITE_BUSY_TIMEOUT seconds (default
    # 30) for it, e.g. behind an import's commit; past that the page answers 503 "try again"
    # (core.middleware.DatabaseBusyMiddleware) and the task worker retries (run_worker).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": float(os.environ.get("SQLITE_BUSY_TIMEOUT", "30")),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DISABLE_SERVER_SIDE_CURSORS")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
# Lock a username from one address: an office sharing one address is not locked out as a whole
# by one person's mistakes, and nobody elsewhere can lock a user out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.net.client_ip"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
# Source strings are Vietnamese: "English" would take Django's own Vietnamese translation.
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("Tiếng Anh"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# WhiteNoise serves what collectstatic put in STATIC_ROOT (compressed copies beside them), so the
# demo and a server without nginx in front serve static files with DEBUG off.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# How large an uploaded spreadsheet may grow once opened (imports.limits.DEFAULTS: parts of the
# zip, shared strings, columns, rows); a dict here overrides some of them.
IMPORT_LIMITS: dict = {}

# Uploaded files (fund attachments; import files go to VAR_DIR/imports): served only through
# views that check scope, never by the web server directly. Back it up with the database.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_REFERRER_POLICY = "same-origin"

# Everything is served from our own origin: vendored Bootstrap/htmx/Chart.js, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
