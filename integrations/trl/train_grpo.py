"""GRPO on Firedrill with TRL's environment_factory.

    npx firedrill serve --max-sessions 64 &              # ≥ the generation batch size
    pip install trl datasets ./clients/python
    FIREDRILL_URL=http://127.0.0.1:8000 python integrations/trl/train_grpo.py --model Qwen/Qwen3-0.6B
"""

from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from datasets import Dataset  # noqa: E402
from trl import GRPOConfig, GRPOTrainer  # noqa: E402

from firedrill_trl import FiredrillEnv, dataset_rows, reward_func  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="Qwen/Qwen3-0.6B")
    parser.add_argument("--family", default="generated", help="task family to train on (a task source); all tasks when empty")
    parser.add_argument("--rows", type=int, default=256, help="training rows, taken from the train split in index order")
    parser.add_argument("--num-generations", type=int, default=8)
    parser.add_argument("--output-dir", default="firedrill-grpo")
    args = parser.parse_args()

    rows = dataset_rows("train", 0, args.rows, args.family or None)
    trainer = GRPOTrainer(
        model=args.model,
        train_dataset=Dataset.from_list(rows),
        reward_funcs=reward_func,
        args=GRPOConfig(
            output_dir=args.output_dir,
            num_generations=args.num_generations,
            per_device_train_batch_size=args.num_generations,
            max_completion_length=8192,  # all turns of an episode count against it
            chat_template_kwargs={"enable_thinking": False},
            log_completions=True,
            logging_steps=1,
        ),
        environment_factory=FiredrillEnv,
    )
    trainer.train()


if __name__ == "__main__":
    main()
