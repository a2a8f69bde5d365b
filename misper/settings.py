"""Settings, all from environment variables. SQLite by default, PostgreSQL via DATABASE_URL."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("MISPER_DATA_DIR", BASE_DIR / "data"))


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def database_from_url(url: str) -> dict[str, Any]:
    """Parse postgres://USER@HOST:PORT/NAME or sqlite:////ABSOLUTE/PATH into a Django DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        return sqlite_database(Path(unquote(parsed.path)))
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            # One test database per process, so that two test runs on one machine never collide.
            "TEST": {"NAME": f"test_{unquote(parsed.path.lstrip('/'))}_{os.getpid()}"},
        }
    raise ValueError(f"DATABASE_URL: unsupported scheme {parsed.scheme!r} (use postgres:// or sqlite:///)")


def sqlite_database(path: Path) -> dict[str, Any]:
    # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so two
    # transactions never deadlock upgrading a read lock; the timeout queues writers instead of
    # failing them with "database is locked".
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                "PRAGMA busy_timeout=30000; PRAGMA cache_size=-32000;"
            ),
        },
        # A file, not memory, so that threads in the concurrency tests share it; one per process so that
        # two test runs on one machine never share a database.
        "TEST": {"NAME": str(Path(tempfile.gettempdir()) / f"misper-test-{os.getpid()}.sqlite3")},
    }


DEBUG = env_bool("MISPER_DEBUG", False)
SECRET_KEY = os.environ.get("MISPER_SECRET_KEY", "")
if not SECRET_KEY:
    # Embedded default: a per-installation key kept in the data folder, never in the repository.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = env_list("MISPER_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("MISPER_CSRF_TRUSTED_ORIGINS", "http://127.0.0.1:8000,http://localhost:8000")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "huey.contrib.djhuey",
    "ninja",
    "misper.core",
    "misper.accounts",
    "misper.partners",
    "misper.audit",
    "misper.people",
    "misper.episodes",
    "misper.notifications",
    "misper.meetings",
    "misper.casework",
    "misper.briefings",
    "misper.analytics",
    "misper.demo",
    "misper.profiles",
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
    "misper.core.middleware.DomainErrorPages",
]

ROOT_URLCONF = "misper.urls"
WSGI_APPLICATION = "misper.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "/signin/"
LOGIN_REDIRECT_URL = "/"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "misper" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "misper.core.context.capabilities",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
DATABASES = {
    "default": database_from_url(DATABASE_URL)
    if DATABASE_URL
    else sqlite_database(DATA_DIR / "misper.sqlite3")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = env_list(
    "MISPER_PASSWORD_HASHERS",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "misper" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("MISPER_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = 12 * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Bodies above this size are refused before parsing (the largest free text is 10,000 characters).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000_000

MISPER_POLICY_FILE = os.environ.get("MISPER_POLICY_FILE", "")

REDIS_URL = os.environ.get("MISPER_REDIS_URL", "")
HUEY: dict[str, Any]
if REDIS_URL:
    HUEY = {"huey_class": "huey.RedisHuey", "name": "misper", "url": REDIS_URL, "immediate": False}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "misper",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": env_bool("MISPER_HUEY_IMMEDIATE", False),
    }

EMAIL_BACKEND = os.environ.get("MISPER_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("MISPER_FROM_EMAIL", "misper@force.example")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MISPER_LOG_LEVEL", "WARNING")},
}
