"""Firedrill for TRL's `GRPOTrainer(environment_factory=...)`.

`FiredrillEnv` follows TRL's environment contract: a no-argument constructor, `reset(**row)` receiving the dataset
row's columns and returning the first observation, one public method per action (typed, with an `Args:`
docstring generated from the action schemas), exceptions for refused calls (TRL feeds the message back to the
model), and the episode's reward on `self.reward` for `reward_func`. Each instance holds one WebSocket session, so
the server needs `--max-sessions` at least the trainer's generation batch size.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional

from firedrill import HttpApi, ToolEpisode
from firedrill.tools import TOOL_NAMES

#: The Firedrill server the environments connect to (read at import: TRL's constructor takes no arguments).
FIREDRILL_URL = os.environ.get("FIREDRILL_URL", "http://127.0.0.1:8000")

SYSTEM_PROMPT = (
    "You are the on-call SRE for a production system and have just been paged. Investigate with the tools, "
    "classify the firing alerts, diagnose the root cause, apply the fix that resolves it, verify health, write a "
    "postmortem, then call resolve. Wrong claims and needless fixes cost points."
)


class FiredrillEnv(ToolEpisode):
    """One Firedrill episode per rollout; the public methods (other than reset) are the agent's tools."""

    def __init__(self) -> None:
        super().__init__(FIREDRILL_URL, os.environ.get("FIREDRILL_API_KEY"))


def reward_func(environments: List[FiredrillEnv], **kwargs: Any) -> List[float]:
    """TRL reward function: each rollout's episode reward (the grade once the episode ended, ≤ 0 before)."""
    return [env.reward for env in environments]


def dataset_rows(split: str = "train", start: int = 0, count: int = 64, family: Optional[str] = None, url: Optional[str] = None) -> List[Dict[str, Any]]:
    """Training rows from the Task API: a chat prompt plus the `split`/`index` that `reset(**row)` selects."""
    specs = HttpApi(url or FIREDRILL_URL).task_range(split, start, start + count, family)
    return [
        {
            "prompt": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": f"You are paged for incident {s.name} ({s.difficulty}). Work the incident with the tools."},
            ],
            "split": s.split,
            "index": s.index,
            "family": family,
            "difficulty": s.difficulty,
        }
        for s in specs
    ]


__all__ = ["FIREDRILL_URL", "FiredrillEnv", "TOOL_NAMES", "dataset_rows", "reward_func"]
