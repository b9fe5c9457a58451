"""Reference code lists (ISO 3166-1, ISO 4217)."""
