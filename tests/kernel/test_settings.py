import os
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
