"""collabdb: a local-first knowledge base of pharma collaborations with Russian organizations."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("collabdb")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"
