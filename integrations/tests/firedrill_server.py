import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def base_url():
    url = os.environ.get("FIREDRILL_URL")
    if url:
        yield url.rstrip("/")
        return
    proc = subprocess.Popen(["node", "--import", "tsx", str(ROOT / "test" / "fixtures" / "serve.ts")], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline().strip()
        if not line.startswith("http"):
            raise RuntimeError(f"the test server did not start: {line!r}")
        os.environ["FIREDRILL_URL"] = line
        yield line
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)
