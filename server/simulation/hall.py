"""The simulated hall: a fresh in-memory database with the scenario's center, items,
windows and one staff member per window, built by the same loaders as the demo city."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from server.accounts.models import User
from server.admin.config_io import import_config
from server.centers.models import Center, CenterItem, Department, Item
from server.clock import utcnow
from server.config import CONFIG_DIR
from server.db import Database
from server.demo import read_yaml
from server.events.service import Actor
from server.simulation.scenario import Scenario, ScenarioError
from server.windows.models import Window, WindowItem

DEMO_DIR = CONFIG_DIR / "demo"
ALL_WEEK = {d: ["00:00", "24:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


@dataclass(frozen=True)
class SimWindow:
    id: int
    number: int
    kind: str
    group: str
    item_ids: frozenset[int]
    actor: Actor


@dataclass
class SimHall:
    database: Database
    center_id: int
    timezone: str
    slot_minutes: int
    priority_classes: list[str]
    items: dict[str, int]
    windows: list[SimWindow]


def _demo_center(session, scenario: Scenario) -> Center:
    """The scenario's center as the demo city defines it (an import of its catalogue and its
    one center, windows included)."""
    catalogue = read_yaml(DEMO_DIR / "catalogue.yaml")
    rows = [c for c in read_yaml(DEMO_DIR / "centers.yaml").get("centers", [])
            if c["code"] == scenario.center]
    if not rows:
        raise ScenarioError(f"config/demo/centers.yaml has no center {scenario.center!r}.")
    import_config(session=session, now=utcnow(), data={
        "departments": catalogue.get("departments") or [],
        "items": catalogue.get("items") or [], "centers": rows})
    return session.scalars(select(Center).where(Center.code == scenario.center)).one()


def _mmc_center(session, scenario: Scenario) -> Center:
    """One item and C identical comprehensive windows that serve it."""
    _, mean, windows = scenario.mmc
    department = Department(code="mmc", name="M/M/c", name_en="M/M/c")
    session.add(department)
    session.flush()
    item = Item(code="mmc", name="M/M/c", name_en="M/M/c", department_id=department.id,
                field="mmc", expected_minutes=max(1, round(mean)))
    center = Center(code="mmc", name="M/M/c", name_en="M/M/c", timezone="UTC",
                    hours=ALL_WEEK, priority_classes=[])
    session.add_all([item, center])
    session.flush()
    session.add(CenterItem(center_id=center.id, item_id=item.id))
    for number in range(1, windows + 1):
        session.add(Window(center_id=center.id, number=number, kind="comprehensive",
                           group="M/M/c", group_en="M/M/c", fields=["mmc"], state="closed",
                           items=[WindowItem(item_id=item.id)]))
    session.flush()
    return center


def build_hall(scenario: Scenario) -> SimHall:
    database = Database("sqlite://")
    database.create_all()
    with database.transaction() as session:
        center = _mmc_center(session, scenario) if scenario.mmc else _demo_center(
            session, scenario)
        policy = scenario.policy
        center.grace_minutes = policy.grace_minutes
        center.max_wait_minutes = policy.max_wait_minutes
        center.target_wait_minutes = policy.target_wait_minutes
        center.allow_outside_hours = True
        items = {
            code: item_id for code, item_id in session.execute(
                select(Item.code, Item.id).join(CenterItem, CenterItem.item_id == Item.id)
                .where(CenterItem.center_id == center.id))
        }
        unknown = sorted(set(scenario.mix) - set(items))
        if unknown:
            raise ScenarioError(f"{center.code} does not serve {', '.join(unknown)}.")
        windows = []
        for window in session.scalars(
            select(Window).where(Window.center_id == center.id).order_by(Window.number)
        ):
            clerk = User(username=f"sim-{window.number}", password_hash="!", role="staff")
            session.add(clerk)
            session.flush()
            windows.append(SimWindow(
                id=window.id, number=window.number, kind=window.kind,
                group=window.group_en or window.group, item_ids=frozenset(window.item_ids),
                actor=Actor(user_id=clerk.id, role="staff", center_ids=(center.id,)),
            ))
        hall = SimHall(database=database, center_id=center.id, timezone=center.timezone,
                       slot_minutes=center.slot_minutes,
                       priority_classes=list(center.priority_classes), items=items,
                       windows=windows)
    return hall
