"""The command line. Each module registers its commands on the one Typer app."""

from ceasefire.cli import extract, ingest, query
from ceasefire.cli.app import app

__all__ = ["app", "extract", "ingest", "query"]
