"""`ceasefire extract FILE...`: one record per article, nothing stored."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console

from ceasefire.cli.app import app, check_date, report_failure
from ceasefire.model import Article, Failure
from ceasefire.read import read_paths
from ceasefire.view import render_article


class OutputFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


@app.command(epilog="Example: ceasefire extract article.txt --published 2017-05-04 --format table")
def extract(
    files: Annotated[list[str], typer.Argument(help="Articles: .txt, .html or .jsonl files; - reads stdin.")],
    published: Annotated[
        str | None,
        typer.Option(help="Publication date for every input (YYYY-MM-DD); else metadata or dateline."),
    ] = None,
    output: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = (
        OutputFormat.json
    ),
) -> None:
    """Extract actors, places, quotes and events from articles, one record per article."""
    from ceasefire.pipeline import extract as run_pipeline  # spaCy loads only when needed

    day = check_date(published)
    out = Console(highlight=False, soft_wrap=output != OutputFormat.table)
    articles: list[Article] = []
    failed = 0
    for result in run_pipeline(read_paths(files), published=day):
        if isinstance(result, Failure):
            failed += 1
            report_failure(result)
        elif output == OutputFormat.jsonl:
            sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        elif output == OutputFormat.table:
            render_article(out, result)
        else:
            articles.append(result)
    if output == OutputFormat.json and articles:
        records = [a.to_dict() for a in articles]
        payload = records[0] if len(records) == 1 else records
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    if failed:
        raise typer.Exit(code=1)
