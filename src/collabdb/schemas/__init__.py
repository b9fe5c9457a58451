"""Pydantic schemas: import records (``XIn``) and read models (``XRead``)."""
