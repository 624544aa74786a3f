"""The ASGI application uvicorn workers load (``frontdesk.hub.server:app``): each worker
opens the database named by ``FRONTDESK_HUB_DB`` and keeps no other state."""

from __future__ import annotations

import os

from frontdesk.hub.app import create_app
from frontdesk.hub.cli import THREADS, THREADS_ENV, default_url
from frontdesk.hub.db import HubStore

app = create_app(HubStore(default_url()), threads=int(os.environ.get(THREADS_ENV, THREADS)))
