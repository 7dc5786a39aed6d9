"""What a change tells the hall goes out when its transaction commits, and only then."""

from __future__ import annotations

import pytest

from server.errors import NoWindowServes
from server.events.service import MESSAGES
from server.printing.jobs import PRINT_JOBS
from server.tickets import service as tickets
from tests.hall import at


@pytest.fixture
def sent(hall) -> dict[str, list]:
    """What the database hands over after each commit, by kind, in the order handed."""
    got: dict[str, list] = {MESSAGES: [], PRINT_JOBS: []}
    hall.db.on_commit[MESSAGES] = lambda items: got[MESSAGES].append(list(items))
    hall.db.on_commit[PRINT_JOBS] = lambda items: got[PRINT_JOBS].append(list(items))
    return got


def test_a_committed_change_hands_its_messages_over_once(hall, sent):
    center = hall.center()
    pension = hall.item("pension", center=center)
    hall.window(center, 1, items=[pension])
    issued = hall.take(center, pension, at("09:00"))
    assert sent[MESSAGES] == [issued.messages]
    assert [m.type for m in issued.messages] == ["ticket.issued"]
    assert sent[MESSAGES][0][0].payload["ticket"]["number"] == issued.ticket.number


def test_a_change_that_rolls_back_hands_nothing_over(hall, sent):
    center = hall.center()
    pension = hall.item("pension", center=center)
    hall.window(center, 1, items=[pension])
    with pytest.raises(RuntimeError), hall.db.transaction() as s:
        tickets.issue_ticket(session=s, center_id=center.id, item_id=pension.id,
                             now=at("09:00"))
        raise RuntimeError("the request failed after the ticket was recorded")
    card = hall.item("card", center=center)
    with pytest.raises(NoWindowServes):
        hall.take(center, card, at("09:01"))
    assert sent == {MESSAGES: [], PRINT_JOBS: []}
    hall.take(center, pension, at("09:02"))
    assert [[m.type for m in batch] for batch in sent[MESSAGES]] == [["ticket.issued"]]
    assert sent[MESSAGES][0][0].payload["seq"] == 1
