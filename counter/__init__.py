"""The window staff client and the satisfaction pad beside each window."""
