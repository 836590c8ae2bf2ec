"""Settings come from the environment, and production refuses to start without a secret."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _import_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = _import_settings(DEBUG="0")

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_debug_runs_without_a_secret_and_defaults_to_sqlite_under_var():
    result = _import_settings(DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_database_url_selects_postgresql():
    result = _import_settings(SECRET_KEY="x" * 50, DATABASE_URL="postgresql://postgres@127.0.0.1:5432/x")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_a_misspelt_debug_flag_is_refused_rather_than_guessed():
    result = _import_settings(DEBUG="maybe", SECRET_KEY="x" * 50)

    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_time_zone_is_london_and_aware(settings):
    assert settings.TIME_ZONE == "Europe/London"
    assert settings.USE_TZ is True
