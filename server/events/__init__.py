"""The base layer of every write: who acts, the center's lock, and the event log.

A change is recorded as one event-log row with the center's next sequence number;
the message it makes is published to the hall once the transaction has committed.
"""
