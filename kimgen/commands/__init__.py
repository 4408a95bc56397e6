"""The commands beside `build`: check, report, new, schema, serve."""
