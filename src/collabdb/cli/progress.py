"""A progress bar on stderr (rich), for large imports on a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


class TerminalProgress:
    """Implements :class:`collabdb.services.progress.Progress` with one bar per phase."""

    def __init__(self) -> None:
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._pending = 0
        self._calls = 0

    def start(self, description: str, total: int | None) -> None:
        self.finish()
        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._bar.start()
        unit = "bytes" if description == "reading" else "records"
        self._task = self._bar.add_task(f"{description} ({unit})", total=total)

    def advance(self, amount: int) -> None:
        # Called once per line while reading: hand rich the sum every few hundred calls.
        self._pending += amount
        self._calls += 1
        if self._calls % 256 == 0:
            self._flush()

    def _flush(self) -> None:
        if self._bar is not None and self._task is not None and self._pending:
            self._bar.advance(self._task, self._pending)
        self._pending = 0

    def finish(self) -> None:
        self._flush()
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
            self._task = None
