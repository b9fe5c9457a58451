"""The console script's entry: start-up without the garbage collector.

Starting a command allocates a few hundred thousand objects that live until it exits: the
modules, SQLAlchemy's classes, the schema's tables, typer's command tree. A collection finds
nothing to free among them, yet every one is traversed once or twice on its way to the old
generation: about 20 ms of a read command's 350 (docs/performance.md). So collection is paused
while the command starts, and resumes, with every object allocated so far frozen out of its
reach (``gc.freeze``), as soon as the command turns to its database
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
