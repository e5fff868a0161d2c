"""Settings come from the environment and fail loudly; production refuses the demo secret key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


# The test run's own settings (and the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE) stay out of the new process.
INHERITED = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DEMO_MODE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def load_settings(*, code: str = "import config.settings", **env: str) -> subprocess.CompletedProcess:
    """Imports the settings in a new process whose environment is `env` alone and, unless ENV_FILE is given,
    without a local `.env` a developer may have."""
    clean = {k: v for k, v in os.environ.items() if k not in INHERITED}
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


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k7Qz-production-secret-3vN9pW2xR8tY5uL1mB6cJ4hF0dS7aG-long-enough",
    "ALLOWED_HOSTS": "giamngheo.example.gov.vn",
}


def test_manage_py_check_deploy_is_clean_with_production_settings():
    result = load_settings(
        code="from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_redirects_to_https_with_hsts_and_secure_cookies_by_default():
    code = (
        "from config import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)"
    )
    assert load_settings(code=code, **PRODUCTION).stdout.split() == ["True", "31536000", "True", "True", "None"]
    behind_proxy = load_settings(
        code=code, SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https", SECURE_SSL_REDIRECT="0", **PRODUCTION
    )
    assert behind_proxy.stdout.split()[0] == "False"
    assert behind_proxy.stdout.strip().endswith("('HTTP_X_FORWARDED_PROTO', 'https')")


def test_a_malformed_proxy_ssl_header_stops_the_start_in_vietnamese():
    result = load_settings(SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto", **PRODUCTION)
    assert result.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER='X-Forwarded-Proto' không hợp lệ" in result.stderr


def test_a_retention_of_reads_under_one_day_stops_the_start():
    result = load_settings(DEBUG="1", PERSONAL_DATA_READ_RETENTION_DAYS="0")
    assert result.returncode != 0
    assert "PERSONAL_DATA_READ_RETENTION_DAYS=0 không hợp lệ" in result.stderr
