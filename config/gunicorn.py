"""gunicorn settings for `qms run`: gevent workers, so one process holds thousands of screens."""

from gevent import monkey

# Patch before anything imports ssl or sockets (the server package does, through its config).
monkey.patch_all()

from pathlib import Path  # noqa: E402

from server.config import load_settings, workers_refused  # noqa: E402

_settings = load_settings()
if _refused := workers_refused(_settings):
    raise SystemExit(_refused)

bind = _settings["QMS_BIND"]
worker_class = "gevent"
workers = _settings["QMS_WORKERS"]
# gunicorn's default of 1,000 would cap the boards, kiosks and phones one worker can hold.
worker_connections = _settings["QMS_WORKER_CONNECTIONS"]
timeout = 60
# Screens reconnect by themselves, so a restart need not wait long for open websockets.
graceful_timeout = 3
keepalive = 5
accesslog = None
errorlog = "-"
loglevel = "info"
raw_env = ["SOCKETIO_ASYNC_MODE=gevent"]
# Each server its own control socket (gunicorn's default, ~/.gunicorn/gunicorn.ctl, is one
# per user: a second `qms run` on the host would take it over).
control_socket = str(Path(_settings["QMS_INSTANCE_PATH"]) / "gunicorn.ctl")
