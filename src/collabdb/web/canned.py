"""The worked questions of docs/queries.md as Datasette canned queries.

The document is parsed as the docs generator and its test parse it
(:func:`collabdb.docs.queries.worked_queries`): each ``## N. Question?`` section holds one
```sql block, its ``-- param: name=value`` lines naming the parameters and an example value.
In a wheel the document ships inside the package (``_docs/queries.md``); in a source checkout
it is ``docs/queries.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from markupsafe import Markup, escape

from collabdb.docs.queries import worked_queries
from collabdb.resources import queries_path

_NUMBERED = re.compile(r"^(?P<number>\d+)\.\s+(?P<title>.+)$")


@dataclass(frozen=True, kw_only=True)
class CannedQuery:
    """One worked question: its URL name, title, what the document says of it, its SQL and
    the example value of each parameter."""

    name: str
    title: str
    description: str
    sql: str
    parameters: dict[str, str]

    def metadata(self) -> dict[str, object]:
        """Its entry in Datasette's ``queries``: the description, and a link that runs it with
        the document's example values where it takes parameters (all text escaped)."""
        shown = escape(self.description)
        if self.parameters:
            example = escape("?" + urlencode(self.parameters))
            values = escape(", ".join(f"{k} = {v}" for k, v in self.parameters.items()))
            shown += Markup(' <a href="{}">Run it with the example values</a> ({}).').format(
                example, values
            )
        return {
            "title": self.title,
            "sql": self.sql.strip(),
            "description_html": str(shown),
        }


def queries_document() -> str:
    """docs/queries.md as shipped (the wheel) or checked out (a source tree)."""
    return queries_path().read_text(encoding="utf-8")


def canned_queries(document: str) -> list[CannedQuery]:
    """Every worked question of the document, in its order; a section with a second query
    names it ``question-10b``, described by the words before it."""
    found: list[CannedQuery] = []
    for section in document.split("\n## ")[1:]:
        heading, _, body = section.partition("\n")
        numbered = _NUMBERED.match(heading.strip())
        number = int(numbered["number"]) if numbered else len(found) + 1
        title = numbered["title"] if numbered else heading.strip()
        prose = body.split("```sql")
        for index, query in enumerate(worked_queries(body)):
            found.append(
                CannedQuery(
                    name=f"question-{number:02d}{'' if index == 0 else chr(ord('a') + index)}",
                    title=f"{number}. {title}" + ("" if index == 0 else " (another way)"),
                    description=_words_before(prose[index]),
                    sql=query.sql,
                    parameters=query.parameters,
                )
            )
    return found


def _words_before(text: str) -> str:
    """The prose of ``text`` after its last code block and result table, as one line
    (Markdown left as it is)."""
    after_code = text.rsplit("```", 1)[-1]
    lines = [
        line
        for line in after_code.splitlines()
        if not line.startswith("|") and line.strip() != "Result on the seed:"
    ]
    return " ".join(" ".join(lines).split())
