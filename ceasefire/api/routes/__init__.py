"""One router per resource; the app factory includes them all."""

from ceasefire.api.routes import articles, events, incidents, listings, meta, zones

ROUTERS = [meta.router, events.router, incidents.router, articles.router, listings.router, zones.router]

__all__ = ["ROUTERS"]
