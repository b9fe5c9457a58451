"""Repositories: statements on the unit of work's Core connection. They never commit."""
