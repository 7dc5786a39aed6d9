"""The hall boards: the big board of a center and the small board above each window."""
