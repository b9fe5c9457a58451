"""`collabdb serve`: the database in a web browser, read-only (docs/web.md).

Datasette serves the tables, views, facets and canned queries (``metadata.py``, ``canned.py``);
our plugin (``pages.py``) serves the pages of agreements, organizations, people, products and
sources through collabdb's typed services, and search. Only `collabdb serve` imports this
package: Datasette is the ``web`` extra.
"""
