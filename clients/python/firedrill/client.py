"""Clients for a Firedrill server: asynchronous (`AsyncFiredrillClient`) and synchronous (`FiredrillClient`).

An episode runs over one WebSocket session (OpenEnv's `/ws` protocol: reset, step, state, close); discovery (Task
API, schemas, health) goes over plain HTTP. Standard library plus `websockets`.
"""

from __future__ import annotations

import asyncio
import json
import threading
import urllib.error
import urllib.request
from typing import Any, Coroutine, Dict, List, Optional, TypeVar

import websockets

from .types import EpisodeState, GradeReport, StepResult, TaskSpec, ToolSpec

T = TypeVar("T")

DEFAULT_URL = "http://127.0.0.1:8000"
#: Largest frame accepted from the server (a final step carries the grade report).
MAX_FRAME_BYTES = 16 * 1024 * 1024


class FiredrillError(RuntimeError):
    """An error the server reported: its catalogue code (see docs/errors.md), message and offending field."""

    def __init__(self, code: str, message: str, field: Optional[str] = None, status: Optional[int] = None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.field = field
        self.status = status


class ToolError(FiredrillError):
    """A tool call the episode refused (unknown tool, invalid arguments): the episode is unchanged."""


def _ws_url(base_url: str) -> str:
    base = base_url.rstrip("/")
    if base.startswith("https://"):
        return "wss://" + base[len("https://"):] + "/ws"
    if base.startswith("http://"):
        return "ws://" + base[len("http://"):] + "/ws"
    return base + "/ws"


class HttpApi:
    """Discovery over HTTP: health, schemas, tools and the Task API (`/{env}/…`)."""

    def __init__(self, base_url: str = DEFAULT_URL, api_key: Optional[str] = None, timeout: float = 30.0, env_name: str = "firedrill"):
        self.base_url = base_url.rstrip("/").replace("ws://", "http://", 1).replace("wss://", "https://", 1)
        self.api_key = api_key
        self.timeout = timeout
        self.env_name = env_name

    def request(self, method: str, path: str, body: Optional[Dict[str, Any]] = None) -> Any:
        headers = {"accept": "application/json"}
        data = None
        if body is not None:
            headers["content-type"] = "application/json"
            data = json.dumps(body).encode()
        if self.api_key:
            headers["authorization"] = f"Bearer {self.api_key}"
        req = urllib.request.Request(self.base_url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as res:
                return json.loads(res.read().decode())
        except urllib.error.HTTPError as err:
            try:
                payload = json.loads(err.read().decode())
                error = payload.get("error", {})
                raise FiredrillError(error.get("code", "HTTP_ERROR"), error.get("message", str(err)), error.get("field"), err.code) from None
            except (ValueError, AttributeError):
                raise FiredrillError("HTTP_ERROR", str(err), None, err.code) from None

    def health(self) -> Dict[str, Any]:
        return self.request("GET", "/health")

    def schema(self, task_id: Optional[str] = None) -> Dict[str, Any]:
        return self.request("GET", "/schema" + (f"?task_id={task_id}" if task_id else ""))

    def tasks(self) -> List[Dict[str, Any]]:
        """Every task: id, name, difficulty, max_steps, description, source."""
        return self.request("GET", "/tasks")["tasks"]

    def splits(self) -> List[str]:
        return [s["name"] for s in self.request("GET", f"/{self.env_name}/splits")]

    def num_tasks(self, split: str, family: Optional[str] = None) -> int:
        return int(self.request("POST", f"/{self.env_name}/num_tasks", _drop_none({"split": split, "family": family}))["num_tasks"])

    def task(self, split: str, index: int, family: Optional[str] = None) -> TaskSpec:
        return TaskSpec.from_json(self.request("POST", f"/{self.env_name}/task", _drop_none({"split": split, "index": index, "family": family}))["task"])

    def task_range(self, split: str, start: Optional[int] = None, stop: Optional[int] = None, family: Optional[str] = None) -> List[TaskSpec]:
        body = _drop_none({"split": split, "start": start, "stop": stop, "family": family})
        return [TaskSpec.from_json(t) for t in self.request("POST", f"/{self.env_name}/task_range", body)["tasks"]]


def _drop_none(d: Dict[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def grade_report(result: StepResult) -> Optional[GradeReport]:
    """The grade report a final step carries in its metadata, if any."""
    report = result.metadata.get("grade_report")
    return GradeReport.from_json(report) if isinstance(report, dict) else None


class AsyncFiredrillClient:
    """One episode at a time over one WebSocket session. Use `async with AsyncFiredrillClient(url) as env:`."""

    def __init__(self, base_url: str = DEFAULT_URL, api_key: Optional[str] = None, timeout: float = 60.0):
        self.base_url = base_url
        self.api_key = api_key
        self.timeout = timeout
        self.http = HttpApi(base_url, api_key, timeout)
        self._ws: Any = None
        self._lock = asyncio.Lock()

    async def connect(self) -> "AsyncFiredrillClient":
        if self._ws is None:
            headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
            major = int(str(websockets.__version__).split(".")[0])
            key = "additional_headers" if major >= 14 else "extra_headers"
            kwargs: Dict[str, Any] = {"max_size": MAX_FRAME_BYTES, "open_timeout": self.timeout}
            if headers:
                kwargs[key] = headers
            self._ws = await websockets.connect(_ws_url(self.base_url), **kwargs)
        return self

    async def close(self) -> None:
        if self._ws is not None:
            try:
                await self._ws.send(json.dumps({"type": "close"}))
            except Exception:  # the server may already have closed the socket
                pass
            await self._ws.close()
            self._ws = None

    async def __aenter__(self) -> "AsyncFiredrillClient":
        return await self.connect()

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    async def _request(self, message: Dict[str, Any]) -> Dict[str, Any]:
        await self.connect()
        async with self._lock:
            await self._ws.send(json.dumps(message))
            frame = json.loads(await asyncio.wait_for(self._ws.recv(), self.timeout))
        if frame.get("type") == "error":
            data = frame.get("data", {})
            error = data.get("error") or {}
            raise FiredrillError(error.get("code", data.get("code", "ERROR")), error.get("message", data.get("message", "")), error.get("field"))
        return frame["data"]

    async def reset(
        self,
        task_id: Optional[str] = None,
        seed: Optional[int] = None,
        *,
        split: Optional[str] = None,
        index: Optional[int] = None,
        family: Optional[str] = None,
        episode_id: Optional[str] = None,
        reward_profile: Optional[str] = None,
        **extra: Any,
    ) -> StepResult:
        """Start an episode: a task and seed, or a Task API split and index."""
        data = _drop_none({"task_id": task_id, "seed": seed, "split": split, "index": index, "family": family, "episode_id": episode_id, "reward_profile": reward_profile, **extra})
        return StepResult.from_json(await self._request({"type": "reset", "data": data}))

    async def step(self, action: Dict[str, Any]) -> StepResult:
        """Take one action, e.g. ``{"action_type": "read_logs", "service": "checkout"}``."""
        return StepResult.from_json(await self._request({"type": "step", "data": action}))

    async def state(self) -> EpisodeState:
        return EpisodeState.from_json(await self._request({"type": "state"}))

    async def list_tools(self) -> List[ToolSpec]:
        """The tools of the current task (one per action)."""
        data = await self._request({"type": "step", "data": {"type": "list_tools"}})
        return [ToolSpec.from_json(t) for t in data["observation"]["tools"]]

    async def call_tool(self, name: str, **arguments: Any) -> StepResult:
        """Call a tool: the step it stands for. Raises ToolError when the tool is unknown or the arguments invalid."""
        data = await self._request({"type": "step", "data": {"type": "call_tool", "tool_name": name, "arguments": arguments}})
        observation = data["observation"]
        if observation.get("error"):
            raise ToolError(observation["error"]["error_type"], observation["error"]["message"])
        return StepResult.from_json(observation["result"]["data"])


class FiredrillClient:
    """The synchronous client: the same methods as AsyncFiredrillClient, run on a private event loop thread."""

    def __init__(self, base_url: str = DEFAULT_URL, api_key: Optional[str] = None, timeout: float = 60.0):
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="firedrill-client", daemon=True)
        self._thread.start()
        self._async = AsyncFiredrillClient(base_url, api_key, timeout)
        self.http = self._async.http

    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    def __enter__(self) -> "FiredrillClient":
        self._run(self._async.connect())
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        if self._loop.is_closed():
            return
        self._run(self._async.close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()

    def reset(self, task_id: Optional[str] = None, seed: Optional[int] = None, **kwargs: Any) -> StepResult:
        return self._run(self._async.reset(task_id, seed, **kwargs))

    def step(self, action: Dict[str, Any]) -> StepResult:
        return self._run(self._async.step(action))

    def state(self) -> EpisodeState:
        return self._run(self._async.state())

    def list_tools(self) -> List[ToolSpec]:
        return self._run(self._async.list_tools())

    def call_tool(self, name: str, **arguments: Any) -> StepResult:
        return self._run(self._async.call_tool(name, **arguments))
