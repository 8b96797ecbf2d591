"""The HTTP API: FastAPI over one store, JSON everywhere, and the dashboard's static files."""

from ceasefire.api.app import create_app
from ceasefire.api.auth import is_loopback

__all__ = ["create_app", "is_loopback"]
