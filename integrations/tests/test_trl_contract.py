"""What TRL's GRPOTrainer calls on an environment_factory class, called the same way against a live server."""

import importlib
import inspect
import re

import pytest

from firedrill import HttpApi
from firedrill.tools import TOOL_NAMES


@pytest.fixture()
def trl_module(base_url, monkeypatch):
    monkeypatch.setenv("FIREDRILL_URL", base_url)
    import firedrill_trl

    return importlib.reload(firedrill_trl)


def public_methods(cls):
    return sorted(n for n, v in inspect.getmembers(cls, inspect.isfunction) if not n.startswith("_"))


def docstring_args(doc):
    section = doc.split("Args:", 1)[1].split("Returns:", 1)[0] if "Args:" in doc else ""
    return re.findall(r"^\s{12}(\w+): \S", section, flags=re.M)


def test_one_public_method_per_action_plus_reset(trl_module, base_url):
    server_tools = [t["name"] for t in HttpApi(base_url).request("GET", "/tools?format=mcp")["tools"]]
    assert public_methods(trl_module.FiredrillEnv) == sorted(server_tools + ["reset"])
    assert set(TOOL_NAMES) == set(server_tools)


def test_every_tool_is_typed_and_documents_its_arguments_from_the_schema(trl_module, base_url):
    schemas = {t["name"]: t["inputSchema"] for t in HttpApi(base_url).request("GET", "/tools?format=mcp")["tools"]}
    for name in TOOL_NAMES:
        method = getattr(trl_module.FiredrillEnv, name)
        params = [p for p in inspect.signature(method).parameters.values() if p.name != "self"]
        assert all(p.annotation is not inspect.Parameter.empty for p in params), name
        assert docstring_args(method.__doc__) == [p.name for p in params], name
        schema = schemas[name]
        assert {p.name for p in params} == set(schema.get("properties", {})), name
        assert {p.name for p in params if p.default is inspect.Parameter.empty} == set(schema.get("required", [])), name
        for prop, spec in schema.get("properties", {}).items():
            if "description" in spec:
                assert spec["description"] in method.__doc__, (name, prop)
            if "enum" in spec:
                assert all(f'"{v}"' in method.__doc__ for v in spec["enum"]), (name, prop)


def test_constructor_reset_tools_and_reward_as_the_trainer_calls_them(trl_module, base_url):
    rows = trl_module.dataset_rows("train", 3, 2, url=base_url)
    assert [r["index"] for r in rows] == [3, 4] and rows[0]["prompt"][0]["role"] == "system"
    env = trl_module.FiredrillEnv()
    first = env.reset(**rows[0])
    assert isinstance(first, str) and len(first) > 50
    assert env.reward == 0.0 and env.done is False

    env.reset(task_id="checkout-errors-v1", seed=5, prompt=[{"role": "user", "content": "ignored"}])
    out = env.list_services()
    assert isinstance(out, str) and "checkout" in out
    logs = env.read_logs(service="checkout", level="ERROR", limit=5)
    assert isinstance(logs, str)
    with pytest.raises(ValueError, match="service"):
        env.read_logs(service="")  # refused: the trainer feeds the message back to the model
    assert env.done is False

    final = env.resolve(summary="mitigated")
    assert isinstance(final, str)
    assert env.done is True and env.score is not None and env.reward == env.score
    with pytest.raises(ValueError, match="ended"):
        env.list_services()
    assert trl_module.reward_func([env]) == [env.score]

    # A fresh reset starts over on the same session.
    env.reset(task_id="checkout-errors-v1", seed=5)
    assert (env.reward, env.done, env.score) == (0.0, False, None)
    env._close()


def test_generated_tools_match_the_server(base_url):
    from pathlib import Path

    from firedrill.codegen import render

    tools = HttpApi(base_url).request("GET", "/tools?format=mcp")["tools"]
    for t in tools:
        t.setdefault("input_schema", t.get("inputSchema"))
    committed = (Path(__file__).resolve().parents[2] / "clients" / "python" / "firedrill" / "tools.py").read_text()
    assert render(tools) == committed, "regenerate: python3 -m firedrill.codegen <url> > clients/python/firedrill/tools.py"
