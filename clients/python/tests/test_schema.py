"""The dataclasses name exactly the fields the server's JSON Schemas and Task API publish."""

from dataclasses import fields

from firedrill import EpisodeState, GradeReport, HttpApi, Observation, TaskSpec
from firedrill.types import Alert


def names(cls):
    return {f.name for f in fields(cls)}


def test_observation_matches_schema(base_url):
    schema = HttpApi(base_url).schema()["observation"]
    assert names(Observation) == set(schema["properties"])
    alert = schema["properties"]["alerts"]["items"]
    assert names(Alert) == set(alert["properties"])


def test_state_matches_schema(base_url):
    schema = HttpApi(base_url).schema()["state"]
    assert names(EpisodeState) - {"extra"} == set(schema["properties"])
    assert set(schema["required"]) <= names(EpisodeState)


def test_task_spec_matches_task_api(base_url):
    http = HttpApi(base_url)
    raw = http.request("POST", "/firedrill/task", {"split": "train", "index": 0})["task"]
    assert names(TaskSpec) == set(raw)


def test_grade_report_matches_what_a_final_step_carries(base_url):
    from firedrill import FiredrillClient

    with FiredrillClient(base_url) as env:
        env.reset("checkout-errors-v1", seed=2)
        final = env.step({"action_type": "resolve"})
    assert names(GradeReport) == set(final.metadata["grade_report"])
