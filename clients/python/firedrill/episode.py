"""A Firedrill episode as a set of tools, the shape trainers and harnesses consume.

`ToolEpisode` holds one WebSocket session; `reset(**row)` starts an episode (`split` + `index`, or `task_id` +
`seed`), every action is a typed method (from `firedrill.tools`), refused calls raise `ValueError` with the
server's message, and `reward` holds the episode's reward: the grade once it ended, the running total before.
"""

from __future__ import annotations

import inspect
from typing import Any, Callable, Dict, List, Optional

from .client import DEFAULT_URL, FiredrillClient, ToolError, grade_report
from .tools import TOOL_NAMES, ToolMethods

ROW_KEYS = ("task_id", "seed", "split", "index", "family", "reward_profile")


class ToolEpisode(ToolMethods):
    def __init__(self, base_url: str = DEFAULT_URL, api_key: Optional[str] = None) -> None:
        self._client = FiredrillClient(base_url, api_key)
        self.reward = 0.0
        self.done = False
        self.score: Optional[float] = None
        self.steps = 0

    def reset(self, **row: Any) -> str:
        """Start the episode a dataset row names; returns the first observation's text."""
        options = {k: row[k] for k in ROW_KEYS if row.get(k) is not None}
        result = self._client.reset(**options)
        self.reward, self.done, self.score, self.steps = 0.0, False, None, 0
        return result.text

    def _call(self, name: str, arguments: Dict[str, Any]) -> str:
        if self.done:
            raise ValueError("The incident is closed: the episode has ended. Stop calling tools.")
        try:
            result = self._client.call_tool(name, **{k: v for k, v in arguments.items() if v is not None})
        except ToolError as err:
            raise ValueError(err.message) from None
        self.steps += 1
        self.reward += result.reward or 0.0
        self.done = result.done
        report = grade_report(result)
        if report is not None:
            # Delta rewards sum to the grade; take the grade itself so rounding never drifts.
            self.score = report.score
            self.reward = report.score
        return result.text

    def _close(self) -> None:
        self._client.close()


def tool_functions(episode_param: Optional[str] = None, episode: Optional[ToolEpisode] = None) -> List[Callable[..., str]]:
    """Free functions, one per tool, with the methods' signatures and docstrings.

    Bound to `episode` when given; otherwise each takes the episode as a trailing keyword argument named
    `episode_param` (for harnesses that inject per-rollout state, such as verifiers' StatefulToolEnv).
    """
    functions = []
    for name in TOOL_NAMES:
        method = getattr(ToolMethods, name)
        signature = inspect.signature(method)
        params = [p for p in signature.parameters.values() if p.name != "self"]

        def call(*args: Any, __name: str = name, **kwargs: Any) -> str:
            target = episode if episode is not None else kwargs.pop(episode_param)
            bound = inspect.signature(getattr(ToolMethods, __name)).bind(target, *args, **kwargs)
            return getattr(target, __name)(*bound.args[1:], **bound.kwargs)

        if episode is None:
            if episode_param is None:
                raise ValueError("give an episode, or the name of the parameter that carries it")
            params.append(inspect.Parameter(episode_param, inspect.Parameter.KEYWORD_ONLY, annotation=Any))
        call.__name__ = name
        call.__qualname__ = name
        call.__doc__ = method.__doc__
        call.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
        call.__annotations__ = {p.name: p.annotation for p in params} | {"return": str}
        functions.append(call)
    return functions
