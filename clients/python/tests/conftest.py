"""The suite runs against a real listening Firedrill server: FIREDRILL_URL, or one started from this checkout."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


@pytest.fixture(scope="session")
def base_url():
    url = os.environ.get("FIREDRILL_URL")
    if url:
        yield url.rstrip("/")
        return
    proc = subprocess.Popen(
        ["node", "--import", "tsx", str(ROOT / "test" / "fixtures" / "serve.ts")],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline().strip()
        if not line.startswith("http"):
            raise RuntimeError(f"the test server did not start: {line!r}")
        yield line
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
