"""Firedrill as an Inspect AI task: each sample is one incident (Task API split + index), the model works it with
one tool per action, and the scorer reports the episode's grade.

    npx firedrill serve &
    pip install inspect-ai ./clients/python
    FIREDRILL_URL=http://127.0.0.1:8000 inspect eval integrations/inspect/firedrill_inspect.py --model openai/gpt-4.1-mini -T count=10
"""

from __future__ import annotations

import os
from typing import Any, Dict, Optional

from firedrill import HttpApi, ToolEpisode, tool_functions

FIREDRILL_URL = os.environ.get("FIREDRILL_URL", "http://127.0.0.1:8000")
SYSTEM_PROMPT = (
    "You are the on-call SRE for a production system and have just been paged. Investigate with the tools, "
    "classify the firing alerts, diagnose the root cause, apply the fix that resolves it, verify health, write a "
    "postmortem, then call resolve. Wrong claims and needless fixes cost points."
)

#: Episodes of the samples in flight, by sample uuid (tools and scorer of one sample share one session).
EPISODES: Dict[str, ToolEpisode] = {}


def sample_specs(split: str, start: int, count: int, family: Optional[str], url: str) -> list:
    return [{"id": f"{s.split}-{s.index}", "split": s.split, "index": s.index, "task_id": s.task_id, "seed": s.seed, "difficulty": s.difficulty, "group": s.group} for s in HttpApi(url).task_range(split, start, start + count, family)]


def start_episode(key: str, split: str, index: int, url: str) -> str:
    episode = ToolEpisode(url)
    EPISODES[key] = episode
    return episode.reset(split=split, index=index)


def finish_episode(key: str) -> Dict[str, Any]:
    episode = EPISODES.pop(key)
    try:
        return {"reward": episode.reward, "done": episode.done, "score": episode.score, "steps": episode.steps}
    finally:
        episode._close()


try:
    from inspect_ai import Task, task
    from inspect_ai.dataset import MemoryDataset, Sample
    from inspect_ai.model import ChatMessageSystem, ChatMessageUser
    from inspect_ai.scorer import Score, Target, mean, scorer, stderr
    from inspect_ai.solver import Generate, TaskState, generate, solver
    from inspect_ai.tool import ToolDef
except ImportError:  # the helpers above work without Inspect (tests use them)
    pass
else:

    @solver
    def firedrill_episode(url: str = FIREDRILL_URL):
        async def solve(state: TaskState, generate_: Generate) -> TaskState:
            first = start_episode(state.uuid, state.metadata["split"], state.metadata["index"], url)
            state.messages = [ChatMessageSystem(content=SYSTEM_PROMPT), ChatMessageUser(content=first)]
            episode = EPISODES[state.uuid]
            state.tools = [ToolDef(fn, name=fn.__name__).as_tool() for fn in tool_functions(episode=episode)]
            return state

        return solve

    @scorer(metrics=[mean(), stderr()])
    def firedrill_grade():
        async def score(state: TaskState, target: Target) -> Score:
            result = finish_episode(state.uuid)
            return Score(value=result["reward"], explanation=f"episode {'ended' if result['done'] else 'still running'} after {result['steps']} steps", metadata=result)

        return score

    @task
    def firedrill(split: str = "test", start: int = 0, count: int = 20, family: Optional[str] = None, url: str = FIREDRILL_URL) -> Task:
        samples = [Sample(id=s["id"], input=f"Incident {s['id']}", metadata=s) for s in sample_specs(split, start, count, family, url)]
        return Task(dataset=MemoryDataset(samples), solver=[firedrill_episode(url), generate(tool_calls="loop")], scorer=firedrill_grade())
