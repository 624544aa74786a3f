"""What every part of the application is handed: paths, and the store opened on demand.

The store is opened lazily because importing SQLAlchemy costs more than starting Qt:
the window can show first and the store warm up in the background.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from frontdesk.paths import AppPaths

if TYPE_CHECKING:
    from frontdesk.store.engine import Store


@dataclass
class AppContext:
    paths: AppPaths
    _store: Store | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def store(self) -> Store:
        with self._lock:
            if self._store is None:
                from frontdesk.store.engine import Store

                self._store = Store(self.paths.database)
            return self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
