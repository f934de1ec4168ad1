"""verifiers, Inspect and NeMo Gym: the pieces each harness calls, against a live server."""

import inspect
import json
import subprocess
import sys
from pathlib import Path

from firedrill import ToolEpisode, tool_functions


def test_verifiers_tools_take_the_injected_episode_and_the_rubric_reads_the_grade(base_url):
    import firedrill_verifiers as fv

    functions = {f.__name__: f for f in tool_functions(episode_param=fv.EPISODE_ARG)}
    sig = inspect.signature(functions["read_logs"])
    assert list(sig.parameters)[-1] == fv.EPISODE_ARG and sig.parameters["service"].annotation is str
    assert "Args:" in functions["read_logs"].__doc__

    rows = fv.dataset_rows("test", 0, 2, None, base_url)
    assert [r["info"]["index"] for r in rows] == [0, 1] and len(rows[0]["question"]) > 50
    episode = ToolEpisode(base_url)
    episode.reset(**rows[0]["info"])
    state = {fv.EPISODE_ARG: episode}
    assert isinstance(functions["list_services"](episode=episode), str)
    functions["resolve"](summary="done", episode=episode)
    assert episode.done and fv.episode_reward(state) == episode.score
    episode._close()


def test_inspect_sample_lifecycle_with_bound_tools(base_url):
    import firedrill_inspect as fi

    specs = fi.sample_specs("test", 5, 2, "generated", base_url)
    assert [s["group"] for s in specs] == ["generated", "generated"]
    first = fi.start_episode("sample-1", specs[0]["split"], specs[0]["index"], base_url)
    assert len(first) > 50
    tools = {f.__name__: f for f in tool_functions(episode=fi.EPISODES["sample-1"])}
    assert "episode" not in inspect.signature(tools["read_logs"]).parameters
    assert isinstance(tools["verify_health"](), str)
    tools["resolve"]()
    result = fi.finish_episode("sample-1")
    assert result["done"] is True and result["reward"] == result["score"] and result["steps"] == 2
    assert "sample-1" not in fi.EPISODES


def test_nemo_gym_rollout_demo_runs(base_url):
    script = Path(__file__).resolve().parents[1] / "nemo_gym" / "rollout_demo.py"
    out = json.loads(subprocess.run([sys.executable, str(script), base_url], capture_output=True, text=True, check=True, timeout=60).stdout)
    assert out["health_done"] is False
    assert out["mean_reward"] == out["reward"]
    assert sorted(out["reward_components"]) == ["characterization", "efficiency", "localization", "mitigation", "postmortem", "safety", "triage"]
