"""``bin/run``, as a newcomer starts it: set up, migrated, a hint to make a
user, and the address, with no noise that reads like an error."""

import os
import signal
import subprocess
import time
from pathlib import Path

from .test_entry_commands import free_port

ROOT = Path(__file__).resolve().parents[2]


def start(env: dict[str, str]) -> tuple[str, str]:
    """Starts ``bin/run`` until it prints its address; returns that and what
    it printed before."""
    address = f"127.0.0.1:{free_port()}"
    running = subprocess.Popen(
        [str(ROOT / "bin" / "run"), address],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            line = running.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "Garage runs at" in line:
                break
    finally:
        os.killpg(running.pid, signal.SIGTERM)
        running.wait(timeout=30)
    return address, "".join(lines)


def test_bin_run_hints_at_a_first_user_until_there_is_one(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "BROKER_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'first.sqlite3'}"

    address, first = start(env)
    manage = [str(ROOT / ".venv" / "bin" / "python"), "manage.py"]
    subprocess.run(
        [*manage, "add_employee", "frank", "--role", "Mechanic",
         "--password", "pw-garage-1-long-enough"],
        cwd=ROOT, env=env, capture_output=True, check=True, timeout=120,
    )  # fmt: skip
    _, second = start(env)

    assert f"Garage runs at http://{address}/" in first
    assert "No user yet" in first and "add_employee" in first
    assert "No user yet" not in second
    assert "objects imported" not in first + second  # the check's shell banner
