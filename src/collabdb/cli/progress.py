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


class LineProgress:
    """Plain progress lines on stderr, for logs of long imports run without a terminal:
    ``reading: 10% (1048576 of 10485760 bytes)``, ``writing: 1500 of 4420 records``."""

    def __init__(self) -> None:
        self._description = ""
        self._total: int | None = None
        self._done = 0
        self._next = 0

    def start(self, description: str, total: int | None) -> None:
        self._description, self._total, self._done = description, total, 0
        self._next = self._step()

    def _step(self) -> int:
        if self._description == "writing":
            return self._done + 1  # a line per batch
        return self._done + (self._total // 10 if self._total else 10_000_000) or 1

    def advance(self, amount: int) -> None:
        self._done += amount
        if self._done >= self._next:
            self._line()
            self._next = self._step()

    def _line(self) -> None:
        import sys

        unit = "bytes" if self._description == "reading" else "records"
        of = f" of {self._total}" if self._total is not None else ""
        print(f"{self._description}: {self._done}{of} {unit}", file=sys.stderr, flush=True)

    def finish(self) -> None:
        pass
