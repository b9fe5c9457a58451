"""The console script's entry: the command runs with the collector paused during its start-up
(``collector.py`` says why)."""

from __future__ import annotations

from collabdb.cli.collector import pause_collection, resume_collection


def main() -> None:
    pause_collection()
    try:
        from collabdb.cli.app import main as run

        run()
    finally:
        resume_collection()
