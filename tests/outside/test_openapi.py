"""The OpenAPI document is the contract: schemathesis, run against the real
server with a bearer token and every check it has, finds no request the
document and the server disagree on, and no 5xx.

Every check runs: no server error, status codes, content types, response
headers and schemas conform, schema-invalid data is refused with a 4xx,
schema-valid data is not refused with a 422 (or another 4xx but 401, 403,
404 and 409, which a valid request may meet), and the authentication and
resource checks. ``SCHEMATHESIS_EXAMPLES`` bounds the examples per operation
(CI's time), ``SCHEMATHESIS_SEED`` picks other examples than CI's.
Writes create customers, vehicles and jobs in the server's own database.
"""

import os
import subprocess
from pathlib import Path

from .processes import BIN

CONFIG = Path(__file__).with_name("schemathesis.toml")
HOOKED = os.environ | {
    "SCHEMATHESIS_HOOKS": "schemathesis_hooks",
    "PYTHONPATH": str(Path(__file__).parent),
}

EXAMPLES = os.environ.get("SCHEMATHESIS_EXAMPLES", "10")
SEED = os.environ.get("SCHEMATHESIS_SEED", "20261129")


def test_the_server_keeps_its_openapi_document(server, tmp_path):
    done = subprocess.run(
        [
            str(BIN / "schemathesis"), "--config-file", str(CONFIG),
            "run", f"{server.url}/api/openapi.json",
            "--checks", "all",
            "--header", f"Authorization: Bearer {server.token}",
            "--max-examples", EXAMPLES, "--seed", SEED,
            "--workers", "1", "--request-timeout", "30",
            "--no-color",
        ],
        cwd=tmp_path, capture_output=True, text=True, timeout=900, env=HOOKED,
    )  # fmt: skip

    assert done.returncode == 0, done.stdout[-20000:] + done.stderr[-5000:]
    assert " passed" in done.stdout, done.stdout[-5000:]
