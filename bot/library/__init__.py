"""The content library: YAML loading with lines, responses and hotlines, catalogs, validation and its problems."""
