"""The HTTP API: FastAPI over one store, JSON everywhere, and the dashboard's static files."""

from ceasefire.api.app import create_app
from ceasefire.api.auth import is_loopback
from ceasefire.api.guard import LOOPBACK_NAMES
from ceasefire.api.server import server_options

__all__ = ["LOOPBACK_NAMES", "create_app", "is_loopback", "server_options"]
