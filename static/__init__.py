"""The pages' shared assets, shipped as the package `server.static` (see setup.py)."""
