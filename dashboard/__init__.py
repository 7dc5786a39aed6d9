"""The managers' dashboard: the live hall, the city, window management and reports."""
