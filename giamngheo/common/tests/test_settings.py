"""Settings come from the environment and fail loudly; production refuses the demo secret key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def load_settings(*, code: str = "import config.settings", **env: str) -> subprocess.CompletedProcess:
    """Imports the settings in a new process whose environment is `env` alone (no DEBUG, no SECRET_KEY, no
    DATABASE_URL from the test run) and, unless ENV_FILE is given, no local `.env` a developer may have."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DEMO_MODE"}}
    isolated = {"DJANGO_SETTINGS_MODULE": "config.settings", "ENV_FILE": str(ROOT / "var" / "no-such.env")}
    return subprocess.run(  # noqa: S603 (the code and environment are the tests' own)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean | isolated | env,
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


def test_the_local_env_file_make_install_writes_lets_manage_py_run_in_a_new_shell():
    result = load_settings(
        code="from config import settings; print(settings.DEBUG)", ENV_FILE=str(ROOT / "config" / "local.env")
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_the_environment_wins_over_the_local_env_file_so_production_still_refuses_the_demo_key():
    result = load_settings(DEBUG="0", ENV_FILE=str(ROOT / "config" / "local.env"))
    assert result.returncode != 0
    assert "SECRET_KEY chưa được đặt" in result.stderr


def test_make_install_writes_the_local_env_file_only_when_absent():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert ".env: | config/local.env\n\tcp config/local.env .env" in makefile
    assert any(line.startswith("install:") and " .env " in line for line in makefile.splitlines())


def test_production_is_not_demo_mode_unless_asked_so_demo_setup_refuses_there():
    code = "from config import settings; print(settings.DEMO_MODE)"
    secret = "a-long-random-production-secret-0123456789"
    assert load_settings(code=code, DEBUG="0", SECRET_KEY=secret).stdout.strip() == "False"
    assert load_settings(code=code, DEBUG="0", SECRET_KEY=secret, DEMO_MODE="1").stdout.strip() == "True"
