"""Python client for Firedrill, the incident-response gym for AI agents."""

from .client import DEFAULT_URL, AsyncFiredrillClient, FiredrillClient, FiredrillError, HttpApi, ToolError, grade_report
from .episode import ToolEpisode, tool_functions
from .types import Alert, EpisodeState, GradeReport, Observation, StepResult, TaskSpec, ToolSpec

__all__ = [
    "DEFAULT_URL",
    "Alert",
    "AsyncFiredrillClient",
    "EpisodeState",
    "FiredrillClient",
    "FiredrillError",
    "GradeReport",
    "HttpApi",
    "Observation",
    "StepResult",
    "TaskSpec",
    "ToolError",
    "ToolEpisode",
    "ToolSpec",
    "tool_functions",
    "grade_report",
]
__version__ = "0.1.0"
