"""The README's reference tables match the code: the commands of the Typer app and the routes
of the FastAPI app, both ways (nothing missing from the README, nothing there that is gone)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from fastapi.testclient import TestClient

from ceasefire.api import create_app
from ceasefire.cli import app as cli

README = Path(__file__).resolve().parents[1] / "README.md"


def table(heading: str) -> list[list[str]]:
    """The body rows (cells) of the README table whose header row is `heading`."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index(heading)
    rows = []
    for line in lines[start + 2 :]:  # after the header and its |---| line
        if not line.startswith("|"):
            break
        # `\|` is a pipe inside a cell
        rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]])
    assert rows, f"the README's table {heading!r} is empty"
    return rows


def commands(group: Any, prefix: str = "ceasefire") -> Iterator[str]:
    """Every sub-command, nested ones as `ceasefire zones add`."""
    for name, command in group.commands.items():
        if command.hidden:
            continue
        if hasattr(command, "commands"):  # a group of its own (`zones`)
            if command.invoke_without_command:  # one that runs on its own too (`alerts`)
                yield f"{prefix} {name}"
            yield from commands(command, f"{prefix} {name}")
        else:
            yield f"{prefix} {name}"


def test_command_table_lists_every_command() -> None:
    documented = [row[0].strip("`") for row in table("| command | what |")]
    assert len(documented) == len(set(documented)), "a command is listed twice"
    assert set(documented) == set(commands(typer.main.get_command(cli)))


def same_path(path: str) -> str:
    """Path parameters compare whatever their names: the README writes `{id}`."""
    return re.sub(r"\{[^}]*\}", "{}", path)


@pytest.fixture(scope="module")
def routes(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str]]:
    """(METHOD, path) of every route the app publishes."""
    db = tmp_path_factory.mktemp("docs") / "empty.db"
    with TestClient(create_app(str(db)), base_url="http://localhost") as client:
        paths = client.get("/api/openapi.json").json()["paths"]
    return {(method.upper(), same_path(path)) for path, operations in paths.items() for method in operations}


def test_api_table_lists_every_route(routes: set[tuple[str, str]]) -> None:
    documented = [
        (method, same_path(path))
        for row in table("| endpoint | what |")
        for method, path in re.findall(r"`([A-Z]+) (/[^`\s]*)`", row[0])
    ]
    assert len(documented) == len(set(documented)), "a route is listed twice"
    assert set(documented) == routes
