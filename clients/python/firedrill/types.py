"""Typed views of what a Firedrill server sends, as dataclasses.

Field names follow the server's JSON Schemas (``GET /schema``); ``tests/test_schema.py`` checks them against a
running server, so a field added or renamed on either side fails the suite.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Dict, List, Optional


def _known(cls: type, data: Dict[str, Any]) -> Dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


@dataclass(frozen=True)
class Alert:
    id: str
    severity: str
    service: str
    title: str
    description: str
    fired_at: float
    state: str
    acknowledged: bool

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "Alert":
        return cls(**_known(cls, data))


@dataclass(frozen=True)
class Observation:
    """What the on-call engineer sees after each action (native tasks)."""

    incident: Dict[str, Any]
    alerts: List[Alert]
    last_action: Optional[Dict[str, Any]]
    result: Optional[Dict[str, Any]]
    text: str
    step: int
    max_steps: int
    available_actions: List[str]

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "Observation":
        values = _known(cls, data)
        values["alerts"] = [Alert.from_json(a) for a in data.get("alerts", [])]
        return cls(**values)


@dataclass(frozen=True)
class StepResult:
    """One transition: the observation (a dict, since compat tasks have their own), reward, done, metadata."""

    observation: Dict[str, Any]
    reward: Optional[float]
    done: bool
    metadata: Dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "StepResult":
        return cls(
            observation=data.get("observation", {}),
            reward=data.get("reward"),
            done=bool(data.get("done", False)),
            metadata=data.get("metadata") or {},
        )

    @property
    def native(self) -> Observation:
        """The observation as a typed native observation (native, curated and generated tasks)."""
        return Observation.from_json(self.observation)

    @property
    def text(self) -> str:
        """The observation rendered for a language model."""
        text = self.observation.get("text")
        return text if isinstance(text, str) else str(self.observation)


@dataclass(frozen=True)
class EpisodeState:
    """Public state of the episode (never ground truth, never the seed: the trainer keeps it). Keys the task adds land in ``extra``."""

    episode_id: Optional[str]
    step_count: int
    task_id: Optional[str]
    done: bool
    truncated: bool
    total_reward: float
    reward_profile: Optional[str]
    elapsed_minutes: Optional[float]
    extra: Dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "EpisodeState":
        known = _known(cls, data)
        known.pop("extra", None)
        return cls(**known, extra={k: v for k, v in data.items() if k not in known})


@dataclass(frozen=True)
class TaskSpec:
    """One entry of a Task API split: which task and seed an index selects, and its curriculum metadata."""

    id: str
    split: str
    index: int
    family: Optional[str]
    task_id: str
    seed: int
    name: str
    difficulty: str
    group: str
    max_steps: int

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "TaskSpec":
        return cls(**_known(cls, data))


@dataclass(frozen=True)
class ToolSpec:
    """An action as a tool: name, description and the JSON Schema of its arguments."""

    name: str
    description: str
    input_schema: Dict[str, Any]

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "ToolSpec":
        return cls(name=data["name"], description=data.get("description", ""), input_schema=data.get("input_schema") or data.get("inputSchema") or {})


@dataclass(frozen=True)
class GradeReport:
    """The grade of an ended episode (it carries the ground truth, so it exists only once the episode is over)."""

    task_id: str
    seed: int
    episode_id: str
    score: float
    success: bool
    criteria: List[Dict[str, Any]]
    penalties: List[Dict[str, Any]]
    ground_truth: Dict[str, Any]
    steps: int
    elapsed_minutes: Optional[float]

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "GradeReport":
        return cls(**_known(cls, data))
