"""Import inputs: a JSON document or JSON Lines, read into validated records per kind.

Both readers validate every record on its own (pydantic, per record) and collect the problems
of the whole input before anything touches the database. The importer then asks for the
records of one kind at a time, in dependency order, so that references can be resolved
against rows already written.

JSON Lines are read line by line and never held in memory: each validated record is spooled
to a temporary file of its kind (its line number and the fields it sets), which the importer
streams back. Memory stays flat in the size of the file.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from collabdb.kinds import KINDS, Record
from collabdb.schemas.records import READABLE_FORMAT_VERSIONS, REDIRECTS
from collabdb.services.json_parsing import decode_utf8, parse_json, validate_record
from collabdb.services.problems import Problem, ProblemLog, json_path
from collabdb.services.progress import NoProgress, Progress

INPUT_FORMATS = ("json", "jsonl")
#: The lists an input may hold: one per kind, and the redirects of merged records' old slugs.
INPUT_LISTS = (*KINDS, REDIRECTS)


def canonical_json(patch: Record) -> tuple[str, str]:
    """(digest, JSON text) of a record: equal for records that set the same fields alike."""
    text = json.dumps(patch, sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest(), text


class ImportInput:
    """Validated records of one input, by kind; ``where`` names a place in the input."""

    def __init__(self, *, name: str, sha256: str) -> None:
        self.name = name
        self.sha256 = sha256
        self.counts: dict[str, int] = dict.fromkeys(INPUT_LISTS, 0)
        #: Slugs of the records refused by validation, by kind: a reference to one of them is
        #: not reported again as unknown (the record's own problems say what is wrong).
        self.rejected: dict[str, set[str]] = {}

    def reject(self, kind: str, raw: Any) -> None:
        if isinstance(raw, dict) and isinstance(raw.get("slug"), str):
            self.rejected.setdefault(kind, set()).add(raw["slug"])

    def records(self, kind: str) -> Iterator[tuple[int, str, Record]]:
        """(position, digest, fields the record sets) for each record of ``kind``, in input
        order; records with the same digest set the same fields to the same values."""
        raise NotImplementedError

    def where(self, kind: str, position: int, *rest: str | int) -> str:
        raise NotImplementedError

    def close(self) -> None:
        pass

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class JsonDocumentInput(ImportInput):
    """One JSON object with ``format_version`` and a list per kind (as `export` writes)."""

    def __init__(self, *, name: str, sha256: str) -> None:
        super().__init__(name=name, sha256=sha256)
        #: (position in the input's list, validated record) of each kind
        self._records: dict[str, list[tuple[int, Record]]] = {}

    def add(self, kind: str, raws: list[Any], log: ProblemLog) -> None:
        """Validate ``raws``, the input's list of ``kind``: the valid ones are kept with their
        positions, the others' problems go to ``log``."""
        kept = self._records.setdefault(kind, [])
        for index, raw in enumerate(raws):
            patch, problems = validate_record(kind, raw, (kind, index))
            log.extend(problems)
            if patch is None:
                self.reject(kind, raw)
            else:
                kept.append((index, patch))
        self.counts[kind] = len(kept)

    def records(self, kind: str) -> Iterator[tuple[int, str, Record]]:
        for position, patch in self._records.get(kind, []):
            yield position, canonical_json(patch)[0], patch

    def where(self, kind: str, position: int, *rest: str | int) -> str:
        return json_path(kind, position, *rest)


def read_json_document(
    data: bytes, *, name: str, log: ProblemLog, progress: Progress | None = None
) -> JsonDocumentInput:
    progress = progress or NoProgress()
    progress.start("reading", len(data))
    sha256 = hashlib.sha256(data).hexdigest()
    text, problems = decode_utf8(data)
    log.extend(problems)
    document: Any = None
    if text is not None:
        document, problems = parse_json(text)
        log.extend(problems)
    result = JsonDocumentInput(name=name, sha256=sha256)
    if log:
        return result
    if not isinstance(document, dict):
        log.add(Problem("$", "expected a JSON object with format_version"))
        return result
    log.extend(_format_version_problems(document, "$"))
    for key, value in document.items():
        if key == "format_version":
            continue
        if key not in INPUT_LISTS:
            log.add(Problem(json_path(key), "unknown field"))
        elif not isinstance(value, list):
            log.add(Problem(json_path(key), "Input should be a valid list"))
        else:
            result.add(key, value, log)
    progress.advance(len(data))
    progress.finish()
    return result


def _format_version_problems(document: dict[str, Any], where: str) -> list[Problem]:
    if "format_version" not in document:
        return [Problem(f"{where}.format_version", "required field is missing")]
    version = document["format_version"]
    if type(version) is not int or version not in READABLE_FORMAT_VERSIONS:
        readable = " or ".join(str(v) for v in READABLE_FORMAT_VERSIONS)
        return [Problem(f"{where}.format_version", f"Input should be {readable}")]
    return []


class JsonLinesInput(ImportInput):
    """JSON Lines: ``{"kind": "organizations", "record": {...}}`` per line.

    The first line may be ``{"format_version": 2}`` (or 1). Validated records wait in one temporary
    file per kind (deleted when closed).
    """

    def __init__(self, *, name: str) -> None:
        super().__init__(name=name, sha256="")
        self._spools: dict[str, IO[bytes]] = {}

    def spool(self, kind: str, line: int, patch: Record) -> None:
        spool = self._spools.get(kind)
        if spool is None:
            # closed in close(), which the importer calls in a finally block
            spool = tempfile.TemporaryFile(prefix=f"collabdb-{kind}-")  # noqa: SIM115
            self._spools[kind] = spool
        # "line<TAB>digest<TAB>json": the JSON is encoded once, for the digest and the spool
        # (json.dumps escapes every tab and newline inside it).
        digest, text = canonical_json(patch)
        spool.write(f"{line}\t{digest}\t{text}\n".encode())
        self.counts[kind] += 1

    def records(self, kind: str) -> Iterator[tuple[int, str, Record]]:
        spool = self._spools.get(kind)
        if spool is None:
            return
        spool.flush()
        spool.seek(0)
        for raw in spool:
            line, digest, text = raw.split(b"\t", 2)
            yield int(line), digest.decode(), json.loads(text)

    def where(self, kind: str, position: int, *rest: str | int) -> str:
        return f"line {position}: {json_path('record', *rest)}"

    def close(self) -> None:
        for spool in self._spools.values():
            spool.close()
        self._spools.clear()


def read_json_lines(
    lines: Iterable[bytes],
    *,
    name: str,
    log: ProblemLog,
    total_bytes: int | None = None,
    progress: Progress | None = None,
) -> JsonLinesInput:
    """Read, validate and spool JSON Lines; problems go to ``log`` (with line numbers)."""
    progress = progress or NoProgress()
    progress.start("reading", total_bytes)
    digest = hashlib.sha256()
    result = JsonLinesInput(name=name)
    first = True
    try:
        for number, raw in enumerate(lines, 1):
            digest.update(raw)
            progress.advance(len(raw))
            text, problems = decode_utf8(raw, where=f"line {number}")
            log.extend(problems)
            if text is None or not text.strip():
                continue
            value, problems = parse_json(text, line=number)
            log.extend(problems)
            if not problems:
                _read_line(result, number, value, first=first, log=log)
            first = False
    except BaseException:
        result.close()
        raise
    result.sha256 = digest.hexdigest()
    progress.finish()
    return result


def _read_line(
    result: JsonLinesInput, number: int, value: Any, *, first: bool, log: ProblemLog
) -> None:
    where = f"line {number}: "
    if not isinstance(value, dict):
        log.add(Problem(f"{where}$", "expected a JSON object with kind and record"))
        return
    if "format_version" in value:
        if not first:
            log.add(
                Problem(f"{where}$.format_version", "only the first line may give format_version")
            )
            return
        log.extend(_format_version_problems(value, f"{where}$"))
        for key in value:
            if key != "format_version":
                log.add(Problem(f"{where}{json_path(key)}", "unknown field"))
        return
    for key in value:
        if key not in ("kind", "record"):
            log.add(Problem(f"{where}{json_path(key)}", "unknown field"))
    kind, record = value.get("kind"), value.get("record")
    if "kind" not in value:
        log.add(Problem(f"{where}$.kind", "required field is missing"))
        return
    if not isinstance(kind, str) or kind not in INPUT_LISTS:
        expected = ", ".join(INPUT_LISTS)
        log.add(Problem(f"{where}$.kind", f"unknown kind {kind!r}; expected one of {expected}"))
        return
    if not isinstance(record, dict):
        message = "required field is missing" if "record" not in value else "expected an object"
        log.add(Problem(f"{where}$.record", message))
        return
    patch, problems = validate_record(kind, record, ("record",), where=where)
    log.extend(problems)
    if patch is None:
        result.reject(kind, record)
    else:
        result.spool(kind, number, patch)
