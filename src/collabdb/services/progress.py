"""How a long import reports progress, without the service knowing about terminals."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def start(self, description: str, total: int | None) -> None:
        """A new phase begins; ``total`` is None when its size is unknown (stdin)."""

    def advance(self, amount: int) -> None:
        """``amount`` more units (bytes read, records written) are done."""

    def finish(self) -> None:
        """The phase is over."""


class NoProgress:
    """The default: report nothing."""

    def start(self, description: str, total: int | None) -> None:
        pass

    def advance(self, amount: int) -> None:
        pass

    def finish(self) -> None:
        pass
