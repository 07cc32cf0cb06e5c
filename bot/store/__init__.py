"""SQLite store: preferences and anonymous events, the schema and its migrations, keyed pseudonyms, owner-only files."""
