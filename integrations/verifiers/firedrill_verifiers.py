"""Firedrill as a verifiers environment (Prime Environments Hub): `load_environment() -> vf.Environment`.

A `StatefulToolEnv`: each rollout opens one Firedrill session (`setup_state`), the model calls one tool per action
(the episode is injected into every call by `update_tool_args` and hidden from the model), and the `Rubric` reads
the episode's reward — the grade once the agent resolved it or ran out of steps.

    npx firedrill serve &
    pip install verifiers ./clients/python
    FIREDRILL_URL=http://127.0.0.1:8000 prime eval run firedrill   # or: vf.load_environment("firedrill")
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional

from firedrill import HttpApi, ToolEpisode, tool_functions

FIREDRILL_URL = os.environ.get("FIREDRILL_URL", "http://127.0.0.1:8000")
EPISODE_ARG = "episode"

SYSTEM_PROMPT = (
    "You are the on-call SRE for a production system and have just been paged. Investigate with the tools, "
    "classify the firing alerts, diagnose the root cause, apply the fix that resolves it, verify health, write a "
    "postmortem, then call resolve. Wrong claims and needless fixes cost points."
)


def dataset_rows(split: str, start: int, count: int, family: Optional[str], url: str) -> List[Dict[str, Any]]:
    """Rows in verifiers' dataset shape: the question is the first observation; `info` names the episode."""
    rows = []
    for spec in HttpApi(url).task_range(split, start, start + count, family):
        episode = ToolEpisode(url)
        try:
            first = episode.reset(split=spec.split, index=spec.index, family=family)
        finally:
            episode._close()
        rows.append({"question": first, "answer": "", "task": "firedrill", "info": {"split": spec.split, "index": spec.index, "family": family, "difficulty": spec.difficulty}})
    return rows


def episode_reward(state: Dict[str, Any], **kwargs: Any) -> float:
    """Rubric function: the episode's reward (grade once it ended)."""
    episode: Optional[ToolEpisode] = state.get(EPISODE_ARG)
    return float(episode.reward) if episode is not None else 0.0


def load_environment(split: str = "train", start: int = 0, num_examples: int = 64, family: Optional[str] = None, max_turns: int = 60, base_url: Optional[str] = None, **kwargs: Any):
    import verifiers as vf
    from datasets import Dataset

    url = base_url or FIREDRILL_URL

    class FiredrillToolEnv(vf.StatefulToolEnv):
        def __init__(self, **env_kwargs: Any) -> None:
            super().__init__(tools=[], **env_kwargs)
            for fn in tool_functions(episode_param=EPISODE_ARG):
                self.add_tool(fn, args_to_skip=[EPISODE_ARG])

        async def setup_state(self, state: Dict[str, Any], **setup_kwargs: Any) -> Dict[str, Any]:
            episode = ToolEpisode(url)
            episode.reset(**state["info"])
            state[EPISODE_ARG] = episode
            return await super().setup_state(state, **setup_kwargs)

        def update_tool_args(self, tool_name: str, tool_args: Dict[str, Any], messages: Any, state: Dict[str, Any], **update_kwargs: Any) -> Dict[str, Any]:
            return {**tool_args, EPISODE_ARG: state[EPISODE_ARG]}

        async def is_completed(self, messages: Any, state: Dict[str, Any], **completed_kwargs: Any) -> bool:
            episode: Optional[ToolEpisode] = state.get(EPISODE_ARG)
            return (episode is not None and episode.done) or await super().is_completed(messages, state, **completed_kwargs)

    dataset = Dataset.from_list(dataset_rows(split, start, num_examples, family, url))
    rubric = vf.Rubric(funcs=[episode_reward], weights=[1.0])
    return FiredrillToolEnv(dataset=dataset, rubric=rubric, system_prompt=SYSTEM_PROMPT, max_turns=max_turns, **kwargs)
