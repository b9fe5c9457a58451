"""collabdb: a local-first knowledge base of pharma collaborations with Russian organizations."""

# Kept in step with pyproject.toml by a test; a constant, because importlib.metadata costs
# every command tens of milliseconds at start-up.
__version__ = "0.1.0"
