"""Services: the jobs commands do (import, export, queries), each in one unit of work."""
