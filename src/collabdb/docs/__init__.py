"""Generated documentation: the data dictionary, the ER diagram and the results shown in
docs/queries.md. ``python -m collabdb.docs`` writes them; tests fail when they are stale."""
