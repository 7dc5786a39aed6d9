"""The satisfaction pad beside each window: residents rate the service they just had."""
