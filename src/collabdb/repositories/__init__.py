"""Repositories: queries over a Session. They flush but never commit."""
