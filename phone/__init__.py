"""Residents on their phones: book a slot, check the materials, follow the ticket."""
