"""Contract tests of the trainer integrations against a real listening Firedrill server (FIREDRILL_URL, or one
started from this checkout). The trainers themselves are not installed here; these tests call what they call."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "clients" / "python"))
for sub in ("trl", "verifiers", "inspect", "nemo_gym"):
    sys.path.insert(0, str(HERE.parent / sub))

pytest_plugins = ["firedrill_server"]
