"""Throughput of the whole extraction against spaCy's own nlp.pipe on the same texts, in one run.

    .venv/bin/python bench/pipeline_rate.py [--articles N] [--csv PATH]

Reads ../shared/corpora/fakes-syria-dev.csv (real Syria-war articles), repeats it up to N
articles, and prints articles and words per second for:
  spacy     nlp.pipe over the cleaned texts (the limit: parsing alone)
  pipeline  ceasefire's extract(): reading records, cleaning, parsing and every stage
plus their ratio and this process's peak memory. Results go in BENCHMARKS.md by hand, with the
machine and date the script prints.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import resource
import time
from pathlib import Path

from ceasefire.clean import clean
from ceasefire.model import Article, RawArticle
from ceasefire.nlp import load_nlp
from ceasefire.pipeline import BATCH_SIZE, extract

DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "fakes-syria-dev.csv"


def load_articles(path: Path, count: int) -> list[RawArticle]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    raws = []
    for index in range(count):
        row = rows[index % len(rows)]
        raws.append(
            RawArticle(
                origin=f"{path.name}:{index}",
                text=row["article_content"],
                title=row["article_title"],
                published=row["date"],
            )
        )
    return raws


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=561, help="articles (default: 3 x the file)")
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    args = parser.parse_args()

    raws = load_articles(args.csv, args.articles)
    texts = [clean(RawArticle(origin=r.origin, text=r.text, title=r.title)).text for r in raws]
    words = sum(len(t.split()) for t in texts)
    nlp = load_nlp()
    list(nlp.pipe(texts[:BATCH_SIZE], batch_size=BATCH_SIZE))  # warm up both paths alike
    list(extract(raws[:BATCH_SIZE]))

    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
        pass
    spacy_seconds = time.perf_counter() - started

    started = time.perf_counter()
    done = sum(isinstance(result, Article) for result in extract(raws, batch_size=BATCH_SIZE))
    pipeline_seconds = time.perf_counter() - started

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {platform.system()} {platform.release()}")
    print(f"date: {dt.date.today().isoformat()}")
    print(f"input: {len(raws)} articles ({done} extracted), {words} words, batch size {BATCH_SIZE}")
    for name, seconds in (("spacy nlp.pipe", spacy_seconds), ("ceasefire extract", pipeline_seconds)):
        print(f"{name:18} {len(raws) / seconds:7.1f} articles/s {words / seconds:9.0f} words/s "
              f"({seconds:.1f} s)")
    print(f"ratio (pipeline / spaCy): {spacy_seconds / pipeline_seconds:.2f}")
    print(f"peak memory: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
