"""The extensions, made once and bound to an app by `init_app`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_socketio import SocketIO
from sqlalchemy.orm import Session

from server.db import Database


class FlaskDatabase:
    """Binds one `Database` (engine and sessions) to each app."""

    def init_app(self, app: Flask) -> None:
        app.extensions["qms_db"] = Database(
            app.config["DATABASE_URL"],
            busy_ms=app.config["QMS_SQLITE_BUSY_MS"],
            pool_size=app.config["QMS_DB_POOL_SIZE"],
            synchronous=app.config["QMS_SQLITE_SYNCHRONOUS"],
        )

    @property
    def database(self) -> Database:
        return current_app.extensions["qms_db"]

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self.database.transaction() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.database.read() as session:
            yield session


db = FlaskDatabase()
socketio = SocketIO()
limiter = Limiter(key_func=get_remote_address)
babel = Babel()
