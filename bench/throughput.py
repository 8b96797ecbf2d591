"""Throughput of ceasefire against spaCy's own limit, on the same texts, in one run.

    .venv/bin/python bench/throughput.py [--articles N] [--csv PATH] [--modes spacy,extract,...]
    .venv/bin/python bench/throughput.py --with-startup [--articles N] [--runs N]

Reads ../shared/corpora/fakes-syria-dev.csv (real Syria-war articles), repeats it up to N
articles (each copy under its own URL), and measures:

  spacy        nlp.pipe over the cleaned texts: parsing alone, the limit
  extract      ceasefire's extract(): cleaning, parsing and every stage, nothing stored
  ingest-1     ceasefire ingest into a fresh SQLite store, 1 process
  ingest-2     the same with 2 worker processes
Ingest runs without near-duplicate linking (copies would be linked, not analysed); the
fingerprints are still computed and stored, so the cost of the check is measured.

Each mode runs in a fresh subprocess so that its peak memory is its own, and is timed once its
model is loaded. Prints a Markdown table (articles/s, words/s, ratio to spaCy, peak memory per
process) to paste into BENCHMARKS.md with the machine and date it prints.

With --with-startup it measures instead what a user waits for, start-up included: the wall and
CPU time of whole fresh processes, the median of --runs (default 3), the two kinds alternating
so that a change in the machine's load falls on both alike:

  spacy-process    python loads spaCy's model and runs nlp.pipe over the cleaned texts
                   (cleaned beforehand, by this script: the limit pays no cleaning)
  extract-process  ceasefire extract FILE --format jsonl over the same articles

and the ratio spacy-process / extract-process (target: at least 0.80).
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from startup import machine, seconds_of

DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "fakes-syria-dev.csv"
MODES = ("spacy", "extract", "ingest-1", "ingest-2")
TARGET_WITH_STARTUP = 0.80

#: A fresh process that loads the model and parses the texts of a JSON list, nothing more.
PIPE_PROGRAM = (
    "import json, sys, spacy; texts = json.load(open(sys.argv[1], encoding='utf-8')); "
    "nlp = spacy.load(sys.argv[2]); all(True for _ in nlp.pipe(texts, batch_size=int(sys.argv[3])))"
)


def load_articles(path: Path, count: int) -> list[dict[str, str]]:
    """`count` articles: the corpus repeated, each copy under its own URL."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if len(r["article_content"].split()) > 40]
    articles = []
    for index in range(count):
        row = rows[index % len(rows)]
        articles.append(
            {
                "id": f"bench-{index}",
                "url": f"https://bench.invalid/{index}",
                "text": row["article_content"],
                "title": row["article_title"],
                "published": row["date"],
            }
        )
    return articles


def cleaned_texts(jsonl: Path) -> list[str]:
    """The texts spaCy parses: each article of the file as ceasefire cleans it."""
    from ceasefire.clean import clean
    from ceasefire.model import RawArticle
    from ceasefire.read import read_paths

    raws = [r for r in read_paths([str(jsonl)]) if isinstance(r, RawArticle)]
    return [clean(RawArticle(origin=r.origin, text=r.text, title=r.title)).text for r in raws]


def run_mode(mode: str, jsonl: Path) -> dict[str, float]:
    """In a subprocess: one mode over the articles; seconds and peak memory."""
    from ceasefire.model import Article, RawArticle
    from ceasefire.nlp import load_nlp
    from ceasefire.pipeline import BATCH_SIZE, extract
    from ceasefire.read import read_paths

    raws = [r for r in read_paths([str(jsonl)]) if isinstance(r, RawArticle)]
    if mode == "spacy":
        texts = cleaned_texts(jsonl)
        nlp = load_nlp()
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
            pass
    elif mode == "extract":
        load_nlp()
        started = time.perf_counter()
        assert sum(isinstance(a, Article) for a in extract(raws)) == len(raws)
    else:
        from ceasefire.ingest import ingest
        from ceasefire.store import open_store

        workers = int(mode.split("-")[1])
        with tempfile.TemporaryDirectory() as folder, open_store(f"{folder}/bench.db") as store:
            if workers == 1:
                load_nlp()
            started = time.perf_counter()
            report = ingest(iter(raws), store, workers=workers, threshold=None)
            assert report.inserted == len(raws) and not report.duplicates, report
    seconds = time.perf_counter() - started
    kib_per_mb = 1024  # ru_maxrss is in KiB on Linux
    return {
        "seconds": seconds,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / kib_per_mb,
        "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / kib_per_mb,
    }


def with_startup(jsonl: Path, runs: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds of whole fresh processes: spaCy's pipe, then extract."""
    from ceasefire.nlp import model_package  # names the model without loading it
    from ceasefire.pipeline import BATCH_SIZE

    texts = jsonl.with_suffix(".texts.json")
    texts.write_text(json.dumps(cleaned_texts(jsonl)), encoding="utf-8")
    commands = {
        "spacy-process": [sys.executable, "-c", PIPE_PROGRAM, str(texts), model_package(), str(BATCH_SIZE)],
        "extract-process": [sys.executable, "-m", "ceasefire", "extract", str(jsonl), "--format", "jsonl"],
    }
    seconds_of(commands["extract-process"], "")  # one warm-up run: the first reads every file from disk
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for run in range(runs):
        for name, command in commands.items():
            times[name].append(seconds_of(command, ""))
            print(f"run {run + 1} {name}: wall {times[name][-1][0]:.2f} s", file=sys.stderr)
    return {
        name: (statistics.median(w for w, _ in got), statistics.median(c for _, c in got))
        for name, got in times.items()
    }


def print_with_startup(results: dict[str, tuple[float, float]], articles: int, words: int, runs: int) -> None:
    (pipe_wall, pipe_cpu), (extract_wall, extract_cpu) = results["spacy-process"], results["extract-process"]
    print(f"Input: {articles} articles, {words} words; median of {runs} fresh processes each, alternating\n")
    print("| whole process, start-up included | wall s | CPU s | articles/s (wall) |")
    print("|---|---:|---:|---:|")
    print(
        f"| spaCy: load the model, `nlp.pipe` the cleaned texts | {pipe_wall:.2f} | {pipe_cpu:.2f} | "
        f"{articles / pipe_wall:.1f} |"
    )
    print(
        f"| `ceasefire extract FILE --format jsonl` | {extract_wall:.2f} | {extract_cpu:.2f} | "
        f"{articles / extract_wall:.1f} |"
    )
    wall_ratio, cpu_ratio = pipe_wall / extract_wall, pipe_cpu / extract_cpu
    print(f"| ratio spaCy / extract | **{wall_ratio:.2f}** | **{cpu_ratio:.2f}** | |")
    verdict = "reached" if min(wall_ratio, cpu_ratio) >= TARGET_WITH_STARTUP else "not reached"
    print(
        f"\nTarget: extract keeps at least {TARGET_WITH_STARTUP:.2f} of spaCy's rate, "
        f"start-up included: {verdict}."
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000, help="articles per mode (default 1000)")
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--modes", default=",".join(MODES), help=f"comma-separated: {', '.join(MODES)}")
    parser.add_argument(
        "--with-startup", action="store_true", help="time whole processes, start-up included (see above)"
    )
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per kind with --with-startup")
    parser.add_argument("--mode", help=argparse.SUPPRESS)  # internal: run one mode in this process
    parser.add_argument("--jsonl", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        print(json.dumps(run_mode(args.mode, args.jsonl)))
        return

    articles = load_articles(args.csv, args.articles)
    words = sum(len(a["text"].split()) for a in articles)
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        jsonl = Path(folder) / "articles.jsonl"
        jsonl.write_text("\n".join(json.dumps(a) for a in articles), encoding="utf-8")
        if args.with_startup:
            processes = with_startup(jsonl, args.runs)
            print(machine())
            print_with_startup(processes, len(articles), words, args.runs)
            return
        for mode in args.modes.split(","):
            out = subprocess.run(
                [sys.executable, __file__, "--mode", mode, "--jsonl", str(jsonl)],
                check=True,
                capture_output=True,
                text=True,
            )
            results[mode] = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{mode}: {results[mode]}", file=sys.stderr)

    print(machine())
    print(f"Input: {len(articles)} articles, {words} words (fakes-syria-dev.csv repeated)\n")
    print("| mode | articles/s | words/s | ratio to spaCy | peak memory per process |")
    print("|---|---|---|---|---|")
    limit = results.get("spacy", {}).get("seconds")
    for mode, result in results.items():
        seconds = result["seconds"]
        ratio = f"{limit / seconds:.2f}" if limit else "–"
        memory = f"{result['peak_mb']:.0f} MB"
        if mode == "ingest-2":
            memory += f" main, {result['worker_peak_mb']:.0f} MB largest worker"
        print(f"| {mode} | {len(articles) / seconds:.1f} | {words / seconds:,.0f} | {ratio} | {memory} |")


if __name__ == "__main__":
    main()
