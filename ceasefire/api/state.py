"""What the routes share: the store, the write settings, and the lock that serialises writes."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from ceasefire.store import Store


@dataclass
class ApiState:
    store: Store
    token: str | None
    allow_writes: bool
    # One ingest at a time: two interleaved would race on the fusion queue and the incidents.
    write_lock: threading.Lock = field(default_factory=threading.Lock)


def api_state(request: Request) -> ApiState:
    state: ApiState = request.app.state.api
    return state


def store_of(request: Request) -> Store:
    """A dependency: the app's store."""
    return api_state(request).store


#: A route's parameter that receives the app's store.
StoreDep = Annotated[Store, Depends(store_of)]
