"""Every read command as a whole process on the synthetic databases (issue 8: "the same care
for every read command"): what each adds to the floor of a read process on the same file
(``collabdb sql "SELECT 1"``), and how that grows with the database. A command that reads
whole tables shows up here as growth; one that reads what it shows stays near 1×.
"""

from __future__ import annotations

import sqlite3
import statistics
import subprocess
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

FLOOR = ["sql", "SELECT 1"]

# (label, arguments); {partner}, {agreement}, {person}, {source} and {word} are filled per
# database with its first company, agreement, person and source and a word of the company;
# {typo} is the company's name with a letter dropped from its second word.
READ_COMMANDS: list[tuple[str, list[str]]] = [
    ("agreements --partner P -n 50", ["agreements", "--partner", "{partner}", "-n", "50"]),
    ("agreements --since 2020 -n 50", ["agreements", "--since", "2020", "-n", "50"]),
    ("agreements --partner P-typo", ["agreements", "--partner", "{typo}"]),
    ("agreement A", ["agreement", "{agreement}"]),
    ("orgs -n 50", ["orgs", "-n", "50"]),
    ("org P", ["org", "{partner}"]),
    ("people -n 50", ["people", "-n", "50"]),
    ("person X", ["person", "{person}"]),
    ("facilities -n 50", ["facilities", "-n", "50"]),
    ("figures -n 50", ["figures", "-n", "50"]),
    ("areas", ["areas"]),
    ("programmes -n 50", ["programmes", "-n", "50"]),
    ("sources -n 50", ["sources", "-n", "50"]),
    ("source S", ["source", "{source}"]),
    ("timeline -n 50", ["timeline", "-n", "50"]),
    ("search W -n 50", ["search", "{word}", "-n", "50"]),
    ("search P -n 50", ["search", "{partner}", "-n", "50"]),
]
# Commands meant to fail: an unknown partner exits 1 with "did you mean ...?".
EXIT_CODES = {"agreements --partner P-typo": 1}


def subjects(database: Path) -> dict[str, str]:
    """The records the commands name: the first of each kind by id."""
    with sqlite3.connect(database) as connection:

        def first(sql: str) -> str:
            return str(connection.execute(sql).fetchone()[0])

        partner = first("SELECT name FROM organizations WHERE kind = 'company' ORDER BY id LIMIT 1")
        words = partner.split()
        words[1] = words[1][:-2] + words[1][-1]
        return {
            "partner": partner,
            "typo": " ".join(words),
            "word": partner.split()[0],
            "agreement": first("SELECT slug FROM agreements ORDER BY id LIMIT 1"),
            "person": first("SELECT slug FROM people ORDER BY id LIMIT 1"),
            "source": first("SELECT slug FROM sources ORDER BY id LIMIT 1"),
        }


def alternating_medians(
    first: Callable[[], object], second: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Median seconds of two actions run in turn, so that a load that comes and goes (2 shared
    cores) falls on both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for action, seconds in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            action()
            seconds.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def _run(command: list[str], exit_code: int = 0) -> None:
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != exit_code:
        raise SystemExit(f"{command} exited {done.returncode}: {done.stderr}")


def command_scaling(
    built: list[dict[str, Any]], repeat: int, bin_dir: Path
) -> list[dict[str, Any]]:
    """Median seconds of each read command and of the floor, run alternately (a load that
    comes and goes falls on both alike), per database."""
    rows = []
    for size in built:
        database = size["database"]
        base = [str(bin_dir / "collabdb"), "--db", str(database)]
        floor_command = [*base, *FLOOR, "--format", "json"]
        names = subjects(database)
        for label, arguments in READ_COMMANDS:
            command = [*base, *(a.format(**names) for a in arguments), "--format", "json"]
            ours, floor = alternating_medians(
                partial(_run, command, EXIT_CODES.get(label, 0)),
                partial(_run, floor_command),
                repeat,
            )
            row = {"command": label, "deals": size["deals"], "collabdb_s": ours, "floor_s": floor}
            rows.append(row)
            print(
                f"  command {label:30} {size['deals']:>8} deals {row['collabdb_s']:7.3f}s "
                f"vs floor {row['floor_s']:6.3f}s"
            )
    return rows


def markdown(rows: list[dict[str, Any]], note: list[str]) -> list[str]:
    lines = [
        "",
        "### Every read command on the synthetic databases (whole process, `--format json`)",
        "",
        *note,
        'Against the floor of a read process on the same file (`collabdb sql "SELECT 1"`, run '
        "alternately with it); growth is from the smallest size. P is the database's first "
        "company, A, X and S its first agreement, person and source, W a word of P's name, "
        "P-typo P's name with a letter dropped (it exits 1 with a suggestion).",
        "",
        "| command | deals | collabdb | floor | ratio | growth from smallest |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    first: dict[str, float] = {}
    for row in rows:
        first.setdefault(row["command"], row["collabdb_s"])
        ours, floor = row["collabdb_s"], row["floor_s"]
        lines.append(
            f"| `{row['command']}` | {row['deals']} | {ours:.3f} s | {floor:.3f} s | "
            f"{ours / floor:.2f}× | {ours / first[row['command']]:.2f}× |"
        )
    return lines
