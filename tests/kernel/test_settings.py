import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def settings_load(**environment: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    return subprocess.run(
        [sys.executable, "-c", "import garage.settings"],
        cwd=ROOT,
        env={**env, **environment},
        capture_output=True,
        text=True,
    )


def test_debug_off_requires_a_secret_key():
    result = settings_load(DEBUG="0")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_off_with_a_secret_key_loads():
    assert settings_load(DEBUG="0", SECRET_KEY="s3cret").returncode == 0


DEPLOY = {
    "DEBUG": "0",
    "SECRET_KEY": "k7#Qw9!zR2$xV5^mN8&bT3*cL6(pY1)sD4_fG0+hJ-uE=aI~oZ|rW?eX<tY>",
    "ALLOWED_HOSTS": "garage.example",
    "CSRF_TRUSTED_ORIGINS": "https://garage.example",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def test_production_settings_pass_the_deploy_check_without_warnings():
    # The browser tests allow async-unsafe calls in this process; not here.
    # The check runs on the embedded database: the suite's may not exist yet.
    skip = ("SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")
    env = {k: v for k, v in os.environ.items() if k not in skip}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**env, **DEPLOY},
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_https_settings_can_be_turned_off_from_the_environment():
    program = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE)"
    )
    plain = {"SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "0"}
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env |= DEPLOY | plain | {"SECURE_COOKIES": "0"}
    env["DJANGO_SETTINGS_MODULE"] = "garage.settings"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {program}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.stdout.split() == ["False", "0", "False"], result.stderr


def test_service_intervals_must_be_positive():
    for name, value in [
        ("SERVICE_INTERVAL_MONTHS", "0"),
        ("SERVICE_INTERVAL_KM", "-5"),
        ("SERVICE_REMINDER_DAYS", "-1"),
    ]:
        result = settings_load(**{name: value})

        assert result.returncode != 0
        assert f"{name}={value}: at least" in result.stderr
    assert settings_load(SERVICE_REMINDER_DAYS="0").returncode == 0


def log_format(**environment: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LOG_FORMAT", "DEBUG")}
    code = "from garage import settings; print(settings.LOG_FORMAT)"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "SECRET_KEY": "s3cret", **environment},
        capture_output=True,
        text=True,
    )


def test_logs_are_json_in_production_and_text_in_development():
    assert log_format(DEBUG="0").stdout.strip() == "json"
    assert log_format(DEBUG="1").stdout.strip() == "text"
    assert log_format(DEBUG="1", LOG_FORMAT="json").stdout.strip() == "json"


def test_an_unknown_log_format_is_refused():
    result = log_format(LOG_FORMAT="xml")

    assert result.returncode != 0
    assert "LOG_FORMAT=xml" in result.stderr


def test_amounts_and_day_counts_are_refused_by_name_at_start():
    for name, value in [
        ("HOURLY_RATE", "abc"),
        ("HOURLY_RATE", "-5"),
        ("HOURLY_RATE", "NaN"),
        ("HOURLY_RATE", "Infinity"),
        ("VAT_RATE", "21%"),
        ("VAT_RATE", "101"),
        ("PAYMENT_TERM_DAYS", "-3"),
        ("PAYMENT_REMINDER_DAYS", "-1"),
        ("IDEMPOTENCY_KEY_HOURS", "0"),
    ]:
        result = settings_load(**{name: value})

        assert result.returncode != 0, (name, value)
        assert f"ImproperlyConfigured: {name}=" in result.stderr, result.stderr


def test_amounts_within_their_range_load():
    program = "from garage import settings as s; print(s.HOURLY_RATE, s.VAT_RATE)"
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    result = subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT,
        env={**env, "HOURLY_RATE": " 0 ", "VAT_RATE": "100"},
        capture_output=True,
        text=True,
    )

    assert result.stdout.split() == ["0", "100"], result.stderr


def test_every_variable_the_settings_read_is_in_the_readme():
    source = (ROOT / "garage" / "settings.py").read_text()
    read = set(
        re.findall(r'(?:env(?:\.\w+)?|_at_least|_amount)\(\s*"([A-Z_]+)"', source)
    )
    documented = set(re.findall(r"`([A-Z][A-Z_]+)`", (ROOT / "README.md").read_text()))

    assert read > {"DATABASE_URL", "HOURLY_RATE", "BUS_SWEEP_BATCH"}
    assert sorted(read - documented - {"TEST_SQLITE_NAME"}) == []
