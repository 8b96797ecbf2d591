"""Start-up of `ceasefire extract` on one sentence against loading spaCy's model alone, in one run.

    .venv/bin/python bench/startup.py [--runs N] [--sentence TEXT]

Measures, each in a fresh process, the median of N runs (default 5) of:

  spacy-load   python -c "import spacy; spacy.load(MODEL)": the floor any extraction pays
  extract      python -m ceasefire extract - with one sentence on stdin, JSONL out

and their ratio (target: extract within 1.3x of the model load), in wall time and in CPU time
(user + system of the process: less moved by other jobs on a shared machine). The two kinds of
run alternate, so a change in the machine's load falls on both alike. Prints a Markdown table to
paste into BENCHMARKS.md with the machine and date it prints.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
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


def machine() -> str:
    """The machine, its load and the date, for the figures printed after it."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"Machine: {cpu_model()}, {os.cpu_count()} cores, load average {load}, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}; "
        f"date {dt.date.today().isoformat()}"
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def seconds_of(command: list[str], stdin: str) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh process running `command` to completion."""
    cpu, started = _children_cpu(), time.perf_counter()
    subprocess.run(command, input=stdin, capture_output=True, text=True, check=True, cwd=ROOT)
    return time.perf_counter() - started, _children_cpu() - cpu


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
    loads, extracts = [], []
    for _ in range(args.runs):
        loads.append(seconds_of(load, ""))
        extracts.append(seconds_of(extract, args.sentence))
    load_wall, load_cpu = (statistics.median(s) for s in zip(*loads, strict=True))
    extract_wall, extract_cpu = (statistics.median(s) for s in zip(*extracts, strict=True))

    print(f"{machine()}; model {model}")
    print(f"Median of {args.runs} fresh processes each; input: one sentence ({len(args.sentence)} chars)\n")
    print("| measure | wall s | CPU s |")
    print("|---|---:|---:|")
    print(f"| spaCy model load alone | {load_wall:.2f} | {load_cpu:.2f} |")
    print(f"| `ceasefire extract -` of one sentence | {extract_wall:.2f} | {extract_cpu:.2f} |")
    wall_ratio, cpu_ratio = extract_wall / load_wall, extract_cpu / load_cpu
    print(f"| ratio extract / model load | **{wall_ratio:.2f}** | **{cpu_ratio:.2f}** |")
    verdict = "within" if max(wall_ratio, cpu_ratio) <= TARGET_RATIO else "over"
    print(f"\nTarget: extract within {TARGET_RATIO}x of the model load: {verdict}.")


if __name__ == "__main__":
    main()
