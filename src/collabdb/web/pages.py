"""Our Datasette plugin: the pages a reader wants, through collabdb's typed services.

``/agreement/<slug>``, ``/org/<slug>``, ``/person/<slug>`` and ``/product/<slug>`` show the
detail that `collabdb agreement` (`org`, `person`, `product`) prints, read by the same service
function; ``/source/<slug>`` shows a source paragraph by paragraph (``#p3``), with the facts
each supports; ``/search?q=`` finds what `collabdb search` finds. Each takes a name as the CLI
does (``/org/Сколково``) and redirects to the record's own slug; ``?_format=json`` gives the
CLI's JSON. The plugin also refuses every permission but reading.

Services run in a worker thread (they are synchronous) on the server's read-only engine.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Collection
from typing import Any
from urllib.parse import quote, unquote

from datasette.utils.asgi import Response
from pluggy import HookimplMarker
from sqlalchemy.engine import Engine

from collabdb.errors import Ambiguous, CollabdbError, DatabaseUnavailable, NotFound
from collabdb.schemas.reads import ReadModel
from collabdb.web.display import PAGES, DetailView, label
from collabdb.web.paragraphs import search_hits, source_text

hookimpl = HookimplMarker("datasette")

#: The permissions a reader needs; every other one (downloading the file, debugging
#: permissions, any write a later Datasette or another plugin may offer) is refused.
READ_PERMISSIONS = frozenset(
    {"view-instance", "view-database", "view-table", "view-query", "execute-sql"}
)
SEARCH_LIMIT = 50
Handler = Callable[[Any, Any], Awaitable[Response]]


class CollabdbPages:
    """The plugin, registered with Datasette's plugin manager by ``web/server.py``."""

    def __init__(self, engine: Engine, *, database: str) -> None:
        # Datasette lists a plugin, and finds its templates/, by its __name__.
        self.__name__ = "collabdb.web"
        self.engine = engine
        self.database = database
        self.view = DetailView(database=database)

    @hookimpl
    def register_routes(self) -> list[tuple[str, Handler]]:
        routes: list[tuple[str, Handler]] = [
            (rf"^/{page}/(?P<name>[^/]+)$", self._detail_handler(kind))
            for kind, page in PAGES.items()
        ]
        return [*routes, (r"^/search$", self.search)]

    @hookimpl
    def permission_allowed(self, action: str) -> bool | None:
        return None if action in READ_PERMISSIONS else False

    def _detail_handler(self, kind: str) -> Handler:
        async def handler(datasette: Any, request: Any) -> Response:
            if request.method not in ("GET", "HEAD"):
                return _read_only()
            return await self.detail(datasette, request, kind=kind)

        return handler

    async def detail(self, datasette: Any, request: Any, *, kind: str) -> Response:
        name = unquote(request.url_vars["name"])  # Datasette matches routes on the raw path
        try:
            model = await asyncio.to_thread(_read_detail, self.engine, kind, name)
        except CollabdbError as error:
            return await self._failure(datasette, request, error)
        slug = str(getattr(model, "slug", name))
        if slug != name:
            return Response.redirect(f"/{PAGES[kind]}/{quote(slug, safe='')}")
        if request.args.get("_format") == "json":
            return Response.json(model.as_json())
        skip: Collection[str] = ("facts", "paragraphs") if kind == "sources" else ()
        context: dict[str, Any] = {
            "kind": label(kind),
            "page": PAGES[kind],
            "slug": slug,
            "detail": self.view.detail(model, kind=kind, skip=skip),
            "json_url": f"/{PAGES[kind]}/{quote(slug, safe='')}?_format=json",
        }
        if kind == "sources":
            context["source"] = source_text(model, database=self.database)  # type: ignore[arg-type]
        template = "collabdb_source.html" if kind == "sources" else "collabdb_detail.html"
        return Response.html(await datasette.render_template(template, context, request=request))

    async def search(self, datasette: Any, request: Any) -> Response:
        from collabdb.services.list_options import ListOptions
        from collabdb.services.search import search

        if request.method not in ("GET", "HEAD"):
            return _read_only()
        text = (request.args.get("q") or "").strip()
        hits, problem = [], None
        if text:
            try:
                found = await asyncio.to_thread(
                    search, self.engine, text=text, options=ListOptions(limit=SEARCH_LIMIT)
                )
                hits = search_hits(found.rows, database=self.database)
            except CollabdbError as error:
                problem = error.summary
        context = {"q": text, "hits": hits, "problem": problem, "limit": SEARCH_LIMIT}
        html = await datasette.render_template("collabdb_search.html", context, request=request)
        return Response.html(html)

    async def _failure(self, datasette: Any, request: Any, error: CollabdbError) -> Response:
        status = 404 if isinstance(error, NotFound | Ambiguous) else 400
        if isinstance(error, DatabaseUnavailable):
            status = 503
        context = {"message": error.summary, "problems": error.problems, "status": status}
        html = await datasette.render_template("collabdb_error.html", context, request=request)
        return Response.html(html, status=status)


def _read_only() -> Response:
    return Response.text("read-only: pages take GET only", status=405, headers={"Allow": "GET"})


def _read_detail(engine: Engine, kind: str, name: str) -> ReadModel:
    """The detail the CLI's command for ``kind`` prints, by the same service function."""
    if kind == "agreements":
        from collabdb.services.agreements import agreement_detail

        return agreement_detail(engine, agreement=name)
    if kind == "organizations":
        from collabdb.services.organizations import organization_detail

        return organization_detail(engine, organization=name)
    if kind == "people":
        from collabdb.services.people import person_detail

        return person_detail(engine, person=name)
    if kind == "products":
        from collabdb.services.products import product_detail

        return product_detail(engine, product=name)
    from collabdb.services.sources import source_detail

    return source_detail(engine, source=name)
