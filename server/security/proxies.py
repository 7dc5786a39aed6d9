"""Behind a reverse proxy: trust its X-Forwarded-* for QMS_TRUSTED_PROXIES hops.

Rate limits key on the client's address; behind nginx every resident would share
the proxy's address (one bucket for the whole hall) unless the proxy is trusted.
With 0 hops (the default) a forged X-Forwarded-For changes nothing.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def install(app: Flask) -> None:
    hops = app.config["QMS_TRUSTED_PROXIES"]
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def storage_uri(config: dict) -> str:
    """The rate limits' store: as set, else the Redis message queue (shared by every worker
    and host), else this process's memory."""
    if config.get("RATELIMIT_STORAGE_URI"):
        return config["RATELIMIT_STORAGE_URI"]
    queue = config.get("SOCKETIO_MESSAGE_QUEUE") or ""
    return queue if queue.startswith(("redis://", "rediss://", "redis+")) else "memory://"
