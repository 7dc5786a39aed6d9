"""The current time, in one place so that tests can say what time it is."""

import datetime as dt


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso(value: dt.datetime | None) -> str | None:
    """An instant as ISO 8601 text for an answer or a payload; None stays None."""
    return value.isoformat() if value is not None else None
