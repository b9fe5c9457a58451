"""The console script's entry: start-up without the garbage collector.

Starting a command allocates some 85,000 tracked objects that live until it exits: the
modules, SQLAlchemy's classes, the schema's tables, typer's command tree. A collection finds
nothing to free among them, yet traverses them: young collections on their way to the old
generation, and one full collection when the interpreter exits. Together about 70 ms of a read
command's 320 (measured with byte-compiled modules; docs/performance.md). So collection is
paused while the command starts, and resumes, with every object allocated so far frozen out of
its reach (``gc.freeze``), as soon as the command turns to its database
(:func:`collabdb.cli.state.database_target`), before any of its real work: an import of a
million deals runs with the collector on.
"""

from __future__ import annotations

import gc

_paused = False


def main() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True
    try:
        from collabdb.cli.app import main as run

        run()
    finally:
        resume_collection()


def resume_collection() -> None:
    """Freeze what start-up allocated and turn the collector back on (if ``main`` paused it)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
