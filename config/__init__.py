"""The demo city, the funnel guides and gunicorn's settings, shipped as `server.config_data`."""
