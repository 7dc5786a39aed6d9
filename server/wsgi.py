"""The WSGI entry point that gunicorn serves (`qms run`)."""

from server import create_app

app = create_app()
