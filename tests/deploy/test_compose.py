"""compose.yaml is valid and says what the README promises of it."""

import importlib.util
import subprocess

import pytest
import yaml
from django.core.management import get_commands

from .image import ROOT

COMPOSE = ROOT / "compose.yaml"
GARAGE = ["migrate", "web", "worker", "scheduler"]
ENV = {"SECRET_KEY": "x"}


def load_checker():
    spec = importlib.util.spec_from_file_location(
        "check_compose", ROOT / "bin" / "check_compose.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_compose = load_checker()


@pytest.fixture(scope="module")
def services() -> dict:
    return yaml.safe_load(COMPOSE.read_text())["services"]


def test_bin_check_compose_passes():
    done = subprocess.run([ROOT / "bin" / "check-compose"], capture_output=True)
    assert done.returncode == 0, done.stderr.decode()


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (("interval: 5s", "intervall: 5s"), "'intervall' does not match"),
        (("service_completed_successfully", "completed"), "depends_on"),
        (("\n  scheduler:", "\n  web:"), "duplicate key 'web'"),
        (("  pgdata:\n", "  pg:\n"), "uses undefined volume pgdata"),
        (("required: false # only", "# only"), "depends on rabbitmq, undefined"),
        (("--at-start", "--at-start $(date)"), "invalid interpolation"),
    ],
)
def test_the_checker_refuses_a_broken_file(tmp_path, change, reason):
    broken = tmp_path / "compose.yaml"
    broken.write_text(COMPOSE.read_text().replace(*change, 1))
    errors = check_compose.check(broken, ENV)
    assert any(reason in error for error in errors), errors


def test_secret_key_must_be_set():
    errors = check_compose.check(COMPOSE, {})
    assert any("SECRET_KEY" in error for error in errors)


def test_every_garage_process_runs_the_one_image(services):
    assert {(services[name]["image"], services[name]["build"]) for name in GARAGE} == {
        ("garage:latest", ".")
    }


def test_the_schema_is_migrated_once_before_anything_serves(services):
    assert services["migrate"]["command"][-2:] == ["migrate", "--no-input"]
    assert services["migrate"]["restart"] == "no"
    for name in ["web", "worker", "scheduler"]:
        migrate = services[name]["depends_on"]["migrate"]
        assert migrate["condition"] == "service_completed_successfully"


def test_servers_have_health_checks(services):
    assert services["db"]["healthcheck"]["test"][1] == "pg_isready"
    assert services["redis"]["healthcheck"]["test"][1:] == ["redis-cli", "ping"]
    assert "/healthz" in services["web"]["healthcheck"]["test"][-1]
    for name in ["web", "worker", "scheduler"]:
        assert services[name]["depends_on"]["db"]["condition"] == "service_healthy"


def test_rabbitmq_is_a_profile(services):
    assert services["rabbitmq"]["profiles"] == ["rabbitmq"]
    assert services["web"]["depends_on"]["rabbitmq"]["required"] is False
    assert "BROKER_URL" in services["web"]["environment"]


def test_the_commands_it_runs_exist(services):
    assert services["worker"]["command"][:2] == ["dramatiq", "garage.kernel.worker"]
    assert services["web"]["command"][:2] == ["gunicorn", "garage.wsgi:application"]
    scheduler = services["scheduler"]["command"]
    assert scheduler[2:4] == ["run_daily", "day_has_passed"]
    assert {"migrate", "run_daily", "day_has_passed"} <= set(get_commands())
