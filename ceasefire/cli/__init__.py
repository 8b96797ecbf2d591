"""The command line. Each module registers its commands on the one Typer app."""

from ceasefire.cli import alerts, evaluate, extract, ingest, query, serve, watch, zones
from ceasefire.cli.app import app

__all__ = ["alerts", "app", "evaluate", "extract", "ingest", "query", "serve", "watch", "zones"]
