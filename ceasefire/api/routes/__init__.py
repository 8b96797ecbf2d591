"""One router per resource; the app factory includes them all."""

from ceasefire.api.routes import alerts, articles, events, incidents, listings, meta, zones

ROUTERS = [
    meta.router,
    events.router,
    incidents.router,
    articles.router,
    listings.router,
    zones.router,
    alerts.router,
]

__all__ = ["ROUTERS"]
