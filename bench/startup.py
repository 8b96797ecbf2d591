"""Start-up of `ceasefire extract` on one sentence against loading spaCy's model alone, in one run.

    .venv/bin/python bench/startup.py [--runs N] [--sentence TEXT]

Measures, each in a fresh process, the median wall time of N runs (default 5) of:

  spacy-load   python -c "import spacy; spacy.load(MODEL)": the floor any extraction pays
  extract      python -m ceasefire extract - with one sentence on stdin, JSONL out

and their ratio (target: extract within 1.3x of the model load). Prints a Markdown table to paste
into BENCHMARKS.md with the machine and date it prints.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SENTENCE = "Syrian government forces shelled rebel positions near Idlib on Monday, the U.S. said."
TARGET_RATIO = 1.3


def cpu_model() -> str:
    """The CPU's model name as lscpu reports it, or what the platform module knows."""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return platform.processor() or platform.machine()
    for line in out.splitlines():
        field, _, value = line.partition(":")
        if field.strip() == "Model name":
            return value.strip()
    return platform.processor() or platform.machine()


def seconds_of(command: list[str], stdin: str) -> float:
    """Wall seconds of one fresh process running `command` to completion."""
    started = time.perf_counter()
    subprocess.run(command, input=stdin, capture_output=True, text=True, check=True, cwd=ROOT)
    return time.perf_counter() - started


def median_seconds(command: list[str], stdin: str, runs: int) -> float:
    return statistics.median(seconds_of(command, stdin) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per measure (default 5)")
    parser.add_argument("--sentence", default=SENTENCE, help="the text given to extract")
    args = parser.parse_args()

    from ceasefire.nlp import model_package  # names the model without loading it

    model = model_package()
    load = [sys.executable, "-c", f"import spacy; spacy.load({model!r})"]
    extract = [sys.executable, "-m", "ceasefire", "extract", "-", "--format", "jsonl"]
    seconds_of(extract, args.sentence)  # one warm-up run: the first reads every file from disk
    load_s = median_seconds(load, "", args.runs)
    extract_s = median_seconds(extract, args.sentence, args.runs)
    ratio = extract_s / load_s

    print(
        f"Machine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; model {model}; date {dt.date.today().isoformat()}"
    )
    print(f"Median of {args.runs} fresh processes each; input: one sentence ({len(args.sentence)} chars)\n")
    print("| measure | median s |")
    print("|---|---:|")
    print(f"| spaCy model load alone | {load_s:.2f} |")
    print(f"| `ceasefire extract -` of one sentence | {extract_s:.2f} |")
    verdict = "within" if ratio <= TARGET_RATIO else "over"
    print(f"\nRatio extract / model load: **{ratio:.2f}** ({verdict} the {TARGET_RATIO}x target)")


if __name__ == "__main__":
    main()
