"""The hall queue server: `create_app(config)` builds one application."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from apiflask import APIFlask
from werkzeug.wsgi import ClosingIterator

from server import extensions, models  # noqa: F401  (every mapper known before the first flush)
from server.config import STATIC_DIR, instance_secret, load_settings
from server.i18n import page_lang


def create_app(config: dict[str, Any] | None = None) -> APIFlask:
    settings = load_settings()
    settings.update(config or {})
    instance = Path(settings["QMS_INSTANCE_PATH"])
    app = APIFlask(
        __name__,
        title="Hall queue API",
        version="1",
        spec_path="/api/openapi.json",
        docs_path="/api/docs",
        instance_path=str(instance),
        static_folder=str(STATIC_DIR),
        static_url_path="/static",
    )
    app.config.update(settings)
    app.config["SECRET_KEY"] = settings["SECRET_KEY"] or instance_secret(instance)
    app.config["JSON_SORT_KEYS"] = False
    app.config.setdefault("BABEL_SUPPORTED_LOCALES", ["zh", "en"])

    from server import security

    security.init_app(app)
    extensions.db.init_app(app)
    extensions.limiter.init_app(app)
    extensions.babel.init_app(app, locale_selector=lambda: page_lang(browser=True))
    from server.realtime import register_realtime

    register_realtime()
    extensions.socketio.init_app(
        app,
        async_mode=settings["SOCKETIO_ASYNC_MODE"],
        message_queue=settings["SOCKETIO_MESSAGE_QUEUE"] or None,
        channel=settings["SOCKETIO_CHANNEL"],
        cors_allowed_origins=settings["SOCKETIO_CORS_ORIGINS"],
    )

    from server.background import start_background, wire
    from server.routes import register_routes

    wire(app)
    register_routes(app)
    app.wsgi_app = _take_turns_after_answer(app.wsgi_app)  # type: ignore[method-assign]
    if settings["QMS_BENCH_PROBES"]:
        from server import bench_probes

        bench_probes.register(app)
    start_background(app)

    @app.get("/")
    @app.doc(hide=True)
    def index() -> str:
        """The landing page: every center's screens, and the staff's."""
        from flask import render_template

        from server.centers.service import list_centers

        with extensions.db.read() as session:
            return render_template("index.html", centers=list_centers(session=session))

    return app


def _take_turns_after_answer(wsgi_app: Any) -> Any:
    """Let the other greenlets run between two requests of one connection, once the
    answer is written.

    A kiosk or counter on keep-alive whose next request is already waiting would
    otherwise be served again and again while the others wait (a gevent worker only
    switches greenlets when one blocks). The server closes the answer's iterable after
    writing it, so yielding there lets the broadcast and the other connections run
    without the person who pressed the button waiting for them.
    """
    def turns() -> None:
        extensions.socketio.sleep(0)

    def app(environ: Any, start_response: Any) -> Any:
        return ClosingIterator(wsgi_app(environ, start_response), [turns])

    return app
