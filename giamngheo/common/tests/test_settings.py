"""Settings come from the environment and fail loudly; production refuses the demo secret key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def load_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "config.settings"} | env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_with_the_demo_secret_key():
    result = load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY chưa được đặt" in result.stderr


def test_production_starts_with_a_real_secret_key():
    assert load_settings(DEBUG="0", SECRET_KEY="a-long-random-production-secret-0123456789").returncode == 0


def test_a_malformed_yes_no_setting_stops_the_start():
    result = load_settings(DEBUG="flase", SECRET_KEY="a-long-random-production-secret-0123456789")
    assert result.returncode != 0
    assert "DEBUG='flase' không hợp lệ" in result.stderr


def test_a_malformed_number_stops_the_start():
    result = load_settings(DEBUG="1", CONN_MAX_AGE="sixty")
    assert result.returncode != 0
    assert "sixty" in result.stderr
