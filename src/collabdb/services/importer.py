"""Importing an input: read and validate every record, then patch and write it all in one
transaction, or nothing at all.

1. The reader (``inputs.py``) validates each record on its own and collects every problem;
   if there is any, the import stops before touching the database.
2. The pipeline (``pipeline.py``) patches and writes in batches inside one write transaction
   (BEGIN IMMEDIATE on SQLite), collecting the problems only the database can tell (unknown
   references, cycles, a new record missing a required field...). If there is any, the
   transaction is rolled back. A dry run does the same work and always rolls back, so its
   counts are exactly what a real run would do.
3. A successful run records itself in the same transaction, and commits: in ``import_log``
   (its counts) and as a change set of the history (every record it wrote, before and after).
   An input that holds no record (an empty file, only a header or blank lines, a document
   with no records) writes nothing: no import-log row either.
"""

from __future__ import annotations

import errno
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from collabdb.errors import CollabdbError
from collabdb.repositories.history import ChangeSetCreate, HistoryRepository, RecordChangeCreate
from collabdb.repositories.import_log import ImportLogRepository
from collabdb.services.history import actor_name
from collabdb.services.inputs import ImportInput, read_json_document, read_json_lines
from collabdb.services.pipeline import Changed, Pipeline
from collabdb.services.problems import ProblemLog, TooManyProblems
from collabdb.services.progress import NoProgress, Progress
from collabdb.services.report import ImportReport, KindCounts
from collabdb.unit_of_work import UnitOfWork

DEFAULT_MAX_ERRORS = 1000
MAX_KEPT_WARNINGS = 1000


@dataclass
class ImportOptions:
    dry_run: bool = False
    #: near-duplicate warnings become problems (nothing is written)
    strict: bool = False
    #: check new names against the stored ones (off for the bundled data, which its tests check:
    #: in a new process the check's statements cost ~0.45 s to build, benchmarks/first_run.py)
    near_duplicates: bool = True
    #: a child or citation list given replaces the stored one (``import --replace``)
    replace: bool = False
    #: who imports and why, for the history (``--by``, ``--reason``)
    actor: str | None = None
    reason: str | None = None
    #: stop collecting after this many problems (0: no limit)
    max_errors: int = DEFAULT_MAX_ERRORS
    progress: Progress | None = None
    #: called with each warning line as it is found (they are kept in the report too)
    warn: Callable[[str], None] | None = None


def input_format_of(name: str, requested: str | None) -> str:
    """``--input-format`` if given, else jsonl for .jsonl/.ndjson files, else json."""
    if requested:
        return requested
    return "jsonl" if name.lower().endswith((".jsonl", ".ndjson")) else "json"


def import_bytes(
    engine: Engine,
    data: bytes,
    *,
    name: str,
    input_format: str = "json",
    options: ImportOptions | None = None,
    dry_run: bool = False,
) -> ImportReport:
    options = options or ImportOptions(dry_run=dry_run)
    lines: Iterable[bytes] = data.splitlines(keepends=True)
    return import_input(
        engine, lines if input_format == "jsonl" else data, name=name, options=options
    )


def import_input(
    engine: Engine,
    data: bytes | Iterable[bytes],
    *,
    name: str,
    options: ImportOptions,
    total_bytes: int | None = None,
) -> ImportReport:
    """Import ``data``: the bytes of a JSON document, or the lines of a JSON Lines input."""
    log = ProblemLog(subject=name, max_errors=options.max_errors)
    progress = options.progress or NoProgress()
    report = ImportReport(name=name, dry_run=options.dry_run)
    source: ImportInput | None = None
    try:
        if isinstance(data, bytes):
            source = read_json_document(data, name=name, log=log, progress=progress)
        else:
            try:
                source = read_json_lines(
                    data, name=name, log=log, total_bytes=total_bytes, progress=progress
                )
            except OSError as error:
                raise _spool_failure(error, name=name) from None
        if not source.total:  # nothing valid to check further: what was found is all there is
            log.raise_if_any()
        report.sha256 = source.sha256
        _write(engine, source, report, log, options)
    except TooManyProblems:
        log.raise_if_any(stopped=True)
    finally:
        if source is not None:
            source.close()
    return report


# Errors of a write that found no room: a full disk, a file size limit (ulimit -f), a quota.
_NO_ROOM = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def _spool_failure(error: OSError, *, name: str) -> Exception:
    """JSON Lines are spooled per kind to temporary files: a full temporary directory is one
    line (exit 1), before the database is touched."""
    if error.filename is not None or error.errno not in _NO_ROOM:
        return error
    return CollabdbError(
        f"{name}: cannot spool the input to a temporary file in {tempfile.gettempdir()} "
        f"({error.strerror}); nothing was imported; free some space there or set TMPDIR"
    )


def _write(
    engine: Engine,
    source: ImportInput,
    report: ImportReport,
    log: ProblemLog,
    options: ImportOptions,
) -> None:
    def warn(line: str) -> None:
        if len(report.warnings) < MAX_KEPT_WARNINGS:
            report.warnings.append(line)
        if options.warn is not None:
            options.warn(line)

    with UnitOfWork(engine, write=True) as uow:
        history = HistoryRepository(uow.connection)
        change_set = history.open(
            ChangeSetCreate(
                operation="import",
                actor=actor_name(options.actor),
                reason=options.reason,
                input_name=report.name,
                input_sha256=report.sha256 or None,
                summary="",
            )
        )

        def written(kind: str, changed: list[Changed]) -> None:
            history.add_changes(
                change_set, [RecordChangeCreate(kind, slug, *states) for slug, *states in changed]
            )

        pipeline = Pipeline(
            uow.connection,
            source,
            log=log,
            report=report,
            progress=options.progress or NoProgress(),
            warn=warn,
            strict=options.strict,
            near_duplicates=options.near_duplicates,
            replace=options.replace,
            written=written,
        )
        pipeline.run()
        log.raise_if_any()
        if not options.dry_run and source.total:
            history.close(change_set, summary=_summary(report, replace=options.replace))
            report.change_set = change_set
            _log(uow, report)
            uow.commit()


def _summary(report: ImportReport, *, replace: bool) -> str:
    totals = ", ".join(f"{report.total(t)} {t}" for t in ("inserted", "updated", "unchanged"))
    return f"import{' --replace' if replace else ''} {report.name}: {totals}"


def _log(uow: UnitOfWork, report: ImportReport) -> None:
    ImportLogRepository(uow.connection).add(
        file_name=report.name,
        sha256=report.sha256,
        totals={total: report.total(total) for total in ("inserted", "updated", "unchanged")},
        counts={kind: vars(c) for kind, c in report.counts.items()},
    )


__all__ = [
    "ImportOptions",
    "ImportReport",
    "KindCounts",
    "import_bytes",
    "import_input",
    "input_format_of",
]
