"""The "what if" of the managers' dashboard: the default simulated day, changed."""

from __future__ import annotations

from typing import Any

from apiflask import Schema, fields, validators

from server.api.auth import auth, require_principal
from server.api.base import api, off_the_loop
from server.errors import Forbidden, InvalidRequest
from server.simulation import scenario as scenarios
from server.simulation import whatif


class WhatIfIn(Schema):
    arrivals_percent = fields.Float(load_default=100.0, validate=validators.Range(10, 200))
    open_per_group = fields.Dict(keys=fields.String(), values=fields.Integer(
        validate=validators.Range(0, 100)), load_default=dict)
    reserved_open = fields.Boolean(load_default=True)
    reservation_first = fields.Boolean(load_default=True)
    seed = fields.Integer(load_default=1, validate=validators.Range(0, 1_000_000))


def _require_a_manager() -> None:
    who = require_principal()
    if who.actor.role not in ("manager", "admin"):
        raise Forbidden("Only managers may run the simulator.")


@api.get("/simulation/whatif")
@api.auth_required(auth)
@api.doc(summary="The default simulated day: its arrivals, window groups and policy (managers)")
def whatif_defaults() -> dict[str, Any]:
    _require_a_manager()
    return off_the_loop(lambda: whatif.defaults(scenarios.load()))


@api.post("/simulation/whatif")
@api.auth_required(auth)
@api.input(WhatIfIn, arg_name="body")
@api.doc(summary="Simulate the default day with other arrivals or windows (managers)",
         description="The same simulator as `qms simulate --json`, driving the server's own "
                     "dispatch on an in-memory hall; takes seconds.",
         responses={200: "The day's figures", 400: "An unknown window group",
                    403: "Not a manager"})
def whatif_run(body: dict[str, Any]) -> dict[str, Any]:
    _require_a_manager()

    def work() -> dict[str, Any]:
        try:
            return whatif.what_if(scenarios.load(), **body)
        except scenarios.ScenarioError as exc:
            raise InvalidRequest("The scenario is refused: {why}", why=str(exc)) from exc

    return off_the_loop(work)
