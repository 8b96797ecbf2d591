"""Throughput of ceasefire against spaCy's own limit, on the same texts, in one run.

    .venv/bin/python bench/throughput.py [--articles N] [--csv PATH] [--modes spacy,extract,...]

Reads ../shared/corpora/fakes-syria-dev.csv (real Syria-war articles), repeats it up to N
articles (each copy under its own URL), and measures:

  spacy        nlp.pipe over the cleaned texts: parsing alone, the limit
  extract      ceasefire's extract(): cleaning, parsing and every stage, nothing stored
  ingest-1     ceasefire ingest into a fresh SQLite store, 1 process
  ingest-2     the same with 2 worker processes
Ingest runs without near-duplicate linking (copies would be linked, not analysed); the
fingerprints are still computed and stored, so the cost of the check is measured.

Each mode runs in a fresh subprocess so that its peak memory is its own. Prints a Markdown
table (articles/s, words/s, ratio to spaCy, peak memory per process) to paste into
BENCHMARKS.md with the machine and date it prints.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "fakes-syria-dev.csv"
MODES = ("spacy", "extract", "ingest-1", "ingest-2")


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


def run_mode(mode: str, jsonl: Path) -> dict[str, float]:
    """In a subprocess: one mode over the articles; seconds and peak memory."""
    from ceasefire.clean import clean
    from ceasefire.model import Article, RawArticle
    from ceasefire.nlp import load_nlp
    from ceasefire.pipeline import BATCH_SIZE, extract
    from ceasefire.read import read_paths

    raws = [r for r in read_paths([str(jsonl)]) if isinstance(r, RawArticle)]
    if mode == "spacy":
        texts = [clean(RawArticle(origin=r.origin, text=r.text, title=r.title)).text for r in raws]
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


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000, help="articles per mode (default 1000)")
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--modes", default=",".join(MODES), help=f"comma-separated: {', '.join(MODES)}")
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
        for mode in args.modes.split(","):
            out = subprocess.run(
                [sys.executable, __file__, "--mode", mode, "--jsonl", str(jsonl)],
                check=True,
                capture_output=True,
                text=True,
            )
            results[mode] = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{mode}: {results[mode]}", file=sys.stderr)

    cpu = platform.processor() or platform.machine()
    print(
        f"Machine: {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; date {dt.date.today().isoformat()}"
    )
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
