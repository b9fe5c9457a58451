"""What bounds a `collabdb sql` call on both backends: its time limit, Ctrl-C, and the words
of a refusal.

The time limit covers the statement from its start to its last row written. Each backend
enforces it itself (SQLite: a progress handler; PostgreSQL: ``statement_timeout``), and a wait
for a lock ends a little earlier (SQLite: the busy timeout; PostgreSQL: ``lock_timeout``), so
that a query held back by another session is told apart from one that ran too long.

Ctrl-C (SIGINT) is noted, then raised as ``KeyboardInterrupt`` wherever Python runs next:
inside SQLite's progress handler (which then stops the statement), or while psycopg waits for
the server (which then cancels the statement on the server).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

from collabdb.db import busy_timeout_ms
from collabdb.db_failures import BUSY
from collabdb.errors import Cancelled, CollabdbError, DatabaseBusy, Interrupted

DEFAULT_TIMEOUT_SECONDS = 60.0
READ_ONLY = "collabdb sql is read-only; the database refused the query"
ONE_STATEMENT = "only one SQL statement per call; the database refused the query"
REFUSED = "the database refused the query"


@dataclass
class QueryStop:
    """The time limit of one call (seconds, 0 for none) and whether Ctrl-C was pressed."""

    timeout: float
    interrupted: bool = False

    @property
    def timeout_ms(self) -> int:
        return round(self.timeout * 1000)

    @property
    def lock_wait_ms(self) -> int:
        """How long to wait for a lock: just under the time limit, or with no limit as long
        as a writer waits (COLLABDB_BUSY_TIMEOUT, 30 s)."""
        if self.timeout_ms == 0:
            return busy_timeout_ms()
        return max(1, self.timeout_ms - min(500, self.timeout_ms // 10))

    def cancelled(self) -> CollabdbError:
        """The error for a statement the database stopped: Ctrl-C, or the time limit."""
        if self.interrupted:
            return Interrupted("query cancelled: interrupted (Ctrl-C)")
        return Cancelled(f"query cancelled after {self.timeout:g} s")

    def busy(self) -> DatabaseBusy:
        return DatabaseBusy(BUSY)


@contextmanager
def noting_ctrl_c(stop: QueryStop) -> Iterator[None]:
    """SIGINT sets ``stop.interrupted`` and raises KeyboardInterrupt; any KeyboardInterrupt
    inside (ours or Python's) leaves as :class:`Interrupted` (exit 130)."""
    previous = None
    if threading.current_thread() is threading.main_thread():

        def note(_signal: int, _frame: FrameType | None) -> None:
            stop.interrupted = True
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGINT, note)
    try:
        yield
    except KeyboardInterrupt:
        stop.interrupted = True
        raise stop.cancelled() from None
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
