"""One rollout against Firedrill's NeMo Gym resources server, the way a NeMo Gym agent drives it: seed the session,
call tools (the session travels in the server's cookie), verify, close. Standard library only.

    npx firedrill serve &
    python3 integrations/nemo_gym/rollout_demo.py http://127.0.0.1:8000
"""

from __future__ import annotations

import http.cookiejar
import json
import sys
import urllib.request


def main(base: str) -> dict:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def post(path: str, body: dict) -> dict:
        req = urllib.request.Request(f"{base.rstrip('/')}/nemo-gym{path}", data=json.dumps(body).encode(), headers={"content-type": "application/json"}, method="POST")
        with opener.open(req, timeout=30) as res:
            return json.loads(res.read().decode())

    post("/seed_session", {"split": "test", "index": 0})
    services = post("/list_services", {})
    health = post("/verify_health", {})
    post("/resolve", {"summary": "closing the demo rollout"})
    verified = post("/verify", {"responses_create_params": {"input": []}, "response": {"output": []}})
    post("/close_session", {})
    metrics = post("/aggregate_metrics", {"verify_responses": [verified]})
    return {"first_tool_output": services["output"][:80], "health_done": health["done"], "reward": verified["reward"], "reward_components": verified["reward_components"], "mean_reward": metrics["mean_reward"]}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")))
