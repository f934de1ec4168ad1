import asyncio

import pytest

from firedrill import AsyncFiredrillClient, FiredrillClient, FiredrillError, HttpApi, ToolError, grade_report


def test_sync_episode_reset_step_state(base_url):
    with FiredrillClient(base_url) as env:
        first = env.reset("checkout-errors-v1", seed=7, episode_id="py-sync-1")
        assert first.done is False
        assert first.reward == 0
        assert first.native.incident["title"]
        assert "Incident" in first.text or len(first.text) > 50
        services = env.step({"action_type": "list_services"})
        assert services.done is False
        assert services.native.last_action == {"action_type": "list_services", "ok": True}
        state = env.state()
        assert (state.episode_id, state.step_count, state.task_id) == ("py-sync-1", 1, "checkout-errors-v1")
        assert "seed" not in state.extra
        assert "incident_id" in state.extra


def test_async_episode_to_the_end_carries_the_grade(base_url):
    async def play():
        async with AsyncFiredrillClient(base_url) as env:
            await env.reset("checkout-errors-v1", seed=7)
            await env.call_tool("list_services")
            final = await env.call_tool("resolve")
            return final, await env.state()

    final, state = asyncio.run(play())
    assert final.done is True
    assert state.done is True
    report = grade_report(final)
    assert report is not None
    assert report.task_id == "checkout-errors-v1" and report.seed == 7
    assert 0.0 <= report.score <= 1.0
    assert [c["name"] for c in report.criteria][:2] == ["triage", "localization"]


def test_same_inputs_same_bytes_across_sessions(base_url):
    def play():
        with FiredrillClient(base_url) as env:
            env.reset("order-pages-slow-v1", seed=11)
            return [env.step({"action_type": "read_logs", "service": s}).observation for s in ("api-gateway", "orders")]

    assert play() == play()


def test_tools_and_tool_errors(base_url):
    with FiredrillClient(base_url) as env:
        env.reset("checkout-errors-v1", seed=1)
        tools = {t.name: t for t in env.list_tools()}
        assert len(tools) == 17
        assert tools["read_logs"].input_schema["required"] == ["service"]
        with pytest.raises(ToolError) as err:
            env.call_tool("read_logs", service=42)
        assert err.value.code == "invalid_args"
        with pytest.raises(ToolError):
            env.call_tool("reboot_the_world")
        assert env.state().step_count == 0


def test_server_errors_raise_with_code_and_field(base_url):
    with FiredrillClient(base_url) as env:
        with pytest.raises(FiredrillError) as err:
            env.reset("no-such-task")
        assert err.value.code == "UNKNOWN_TASK" and err.value.field == "task_id"
        with pytest.raises(FiredrillError) as err:
            env.step({"action_type": "list_services"})
        assert err.value.code == "RESET_NEEDED"


def test_task_api_and_reset_by_index(base_url):
    http = HttpApi(base_url)
    assert http.splits() == ["train", "test"]
    total = http.num_tasks("test")
    assert total == len(http.tasks()) * 1_000_000
    spec = http.task("test", 40)
    assert spec.split == "test" and spec.index == 40 and spec.seed >= 1_000_000
    page = http.task_range("test", 38, 41)
    assert [s.index for s in page] == [38, 39, 40] and page[2] == spec
    with FiredrillClient(base_url) as env:
        first = env.reset(split="test", index=40)
        state = env.state()
        assert state.task_id == spec.task_id
        # The state never carries the seed; the reset is the one of the spec's (task, seed).
        assert first.observation == env.reset(spec.task_id, seed=spec.seed).observation
    with pytest.raises(FiredrillError) as err:
        http.task("test", total)
    assert err.value.status == 400 and err.value.code == "TASK_INDEX_OUT_OF_RANGE"
