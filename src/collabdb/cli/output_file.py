"""Writing a command's output to the file named by ``-o``: whole or not at all, and to the
file the user meant.

- A regular file (or a new one) is written beside its target and renamed over it: a reader
  sees the old content or the whole new one, and a failure leaves the old file and no litter.
  The new file keeps the old one's mode (and owner, where allowed).
- A symlink is followed: its target is written, the link stays a link.
- Anything else that exists (a FIFO, ``/dev/null``, a terminal) is written straight into.
- A directory, or a file in a directory that does not exist, is refused (exit 2) before
  anything is written; a write that fails (a full disk) is one line (exit 1).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO

from collabdb.errors import InvalidInput, OutputFailed

Writer = Callable[[BinaryIO], None]


def write_output(path: Path, *, write: Writer) -> None:
    """Call ``write`` with a binary stream whose bytes end up in ``path``."""
    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise InvalidInput(f"cannot write {path}: Is a directory")
    if not target.parent.is_dir():
        raise InvalidInput(f"cannot write {path}: No such file or directory")
    if target.exists() and not target.is_file():
        _write_in_place(target, write, shown=path)
    else:
        _write_beside(target, write, shown=path)


def write_bytes_to(path: Path, *, content: bytes) -> None:
    """:func:`write_output` of bytes already made."""

    def write(stream: BinaryIO) -> None:
        stream.write(content)

    write_output(path, write=write)


def _write_in_place(target: Path, write: Writer, *, shown: Path) -> None:
    try:
        stream = target.open("wb")
    except OSError as error:
        raise InvalidInput(f"cannot write {shown}: {error.strerror}") from None
    try:
        with stream:
            write(stream)
    except OSError as error:
        raise OutputFailed(f"cannot write {shown}: {error.strerror}") from None


def _write_beside(target: Path, write: Writer, *, shown: Path) -> None:
    old = target.stat() if target.exists() else None
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as error:
        raise InvalidInput(f"cannot write {shown}: {error.strerror}") from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
            _take_over_mode(stream.fileno(), old)
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OutputFailed(f"cannot write {shown}: {error.strerror}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _take_over_mode(handle: int, old: os.stat_result | None) -> None:
    """The old file's mode and owner, or a new file's usual mode (0666 less the umask)."""
    if old is None:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(handle, 0o666 & ~umask)
        return
    with suppress(PermissionError):  # another user's file: it becomes ours, with its mode
        os.fchown(handle, old.st_uid, old.st_gid)
    os.fchmod(handle, stat.S_IMODE(old.st_mode))
