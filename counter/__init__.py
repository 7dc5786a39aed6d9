"""The window staff client."""
