"""The current time, in one place so that tests can say what time it is."""

import datetime as dt


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
