"""The image without docker: the source as the Dockerfile copies it, a
virtualenv built from uv.lock without dev dependencies, and its processes."""

import fnmatch
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UV = ROOT / ".tools" / "bin" / "uv"


def dockerignore(root: Path) -> Callable[[str, list[str]], set[str]]:
    """A ``copytree`` filter leaving out what ``.dockerignore`` leaves out."""
    lines = (root / ".dockerignore").read_text().splitlines()
    patterns = [line.strip() for line in lines if line.strip()[:1] not in ("", "#")]

    def ignored(directory: str, names: list[str]) -> set[str]:
        relative = Path(directory).relative_to(root)
        return {
            name
            for name in names
            if any(_matches(relative / name, pattern) for pattern in patterns)
        }

    return ignored


def _matches(path: Path, pattern: str) -> bool:
    if pattern.startswith("**/"):  # at any depth
        return fnmatch.fnmatch(path.name, pattern.removeprefix("**/"))
    return fnmatch.fnmatch(str(path), pattern)


@dataclass
class Image:
    app: Path
    venv: Path

    @classmethod
    def build(cls, into: Path, python: str) -> "Image":
        """``COPY . .`` and ``uv sync --frozen --no-dev``, as the Dockerfile."""
        image = cls(into / "app", into / "venv")
        shutil.copytree(ROOT, image.app, ignore=dockerignore(ROOT))
        env = {
            **os.environ,
            "UV_PROJECT_ENVIRONMENT": str(image.venv),
            "UV_PYTHON_DOWNLOADS": "never",
        }
        command = [UV, "sync", "--frozen", "--no-dev", "--python", python]
        subprocess.run(command, cwd=image.app, env=env, check=True, capture_output=True)
        return image

    def run(self, *command: str, env: dict[str, str]) -> subprocess.CompletedProcess:
        return subprocess.run(
            command, cwd=self.app, env=env, capture_output=True, text=True, timeout=120
        )

    def start(self, *command: str, env: dict[str, str], log: Path) -> "Process":
        with log.open("wb") as output:
            popen = subprocess.Popen(
                command, cwd=self.app, env=env, stdout=output, stderr=output
            )
        return Process(popen, log)


@dataclass
class Process:
    popen: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, text: str, timeout: float = 60) -> None:
        """Waits until ``text`` is in the process's output."""
        deadline = time.monotonic() + timeout
        while text not in self.output():
            assert self.popen.poll() is None, f"exited early:\n{self.output()}"
            assert time.monotonic() < deadline, f"no {text!r} in:\n{self.output()}"
            time.sleep(0.1)

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM, as ``docker stop`` sends; returns the exit code."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
        try:
            return self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            return self.popen.wait()
