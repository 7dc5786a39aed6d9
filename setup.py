"""Which packages the distribution holds: the one thing pyproject.toml cannot say.

The top-level static/ and config/ folders ship inside the server package (as
`server.static` and `server.config_data`, found by server/config.py). setuptools'
`find` does not list packages that `package-dir` maps to another folder
(pypa/setuptools#5145), so the found packages and the mapped ones meet here.
Everything else is in pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

SURFACES = ["server*", "kiosk*", "display*", "counter*", "dashboard*", "phone*", "pad*"]
SHIPPED = {"server.static": "static", "server.config_data": "config"}

setup(
    packages=[
        *find_namespace_packages(include=SURFACES),
        *SHIPPED,
        *(f"{name}.{sub}" for name, folder in SHIPPED.items()
          for sub in find_namespace_packages(where=folder)),
    ],
    package_dir=SHIPPED,
)
