"""`qms simulate` and `qms plan`: the hall's day through its own engine, and the staffing
that meets a wait target."""

from __future__ import annotations

import json
from pathlib import Path

import click

from server.simulation import scenario as scenarios


def _scenario(path: str | None, mmc: str | None, hours: float | None) -> scenarios.Scenario:
    try:
        if mmc:
            try:
                rate, mean, servers = (float(x) for x in mmc.split(","))
            except ValueError as exc:
                raise scenarios.ScenarioError(
                    "--mmc takes RATE_PER_HOUR,MEAN_MINUTES,C") from exc
            return scenarios.mmc(rate, mean, int(servers), hours or 100.0)
        return scenarios.load(path)
    except scenarios.ScenarioError as exc:
        raise click.ClickException(str(exc)) from exc


@click.command()
@click.argument("scenario_file", required=False, type=click.Path(dir_okay=False))
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--mmc", default=None, metavar="RATE_PER_HOUR,MEAN_MINUTES,C",
              help="An M/M/c queue instead of a scenario: Poisson arrivals, exponential "
                   "handling, C identical windows, always open.")
@click.option("--hours", default=None, type=float, help="Hours of the M/M/c run (default 100)")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON")
@click.option("--html", "html_file", default=None, type=click.Path(dir_okay=False),
              help="Also write a page with the charts")
def simulate(scenario_file: str | None, seed: int, mmc: str | None, hours: float | None,
             as_json: bool, html_file: str | None) -> None:
    """Simulate a day of the hall (config/simulation/peak_day.yaml unless given) through the
    server's own routing, dispatch, numbering and wait estimates."""
    from server.simulation.engine import simulate as run_day
    from server.simulation.report import page, summary, table

    data = summary(run_day(_scenario(scenario_file, mmc, hours), seed=seed))
    if html_file:
        Path(html_file).write_text(page(data), encoding="utf-8")
    click.echo(json.dumps(data, ensure_ascii=False, indent=1) if as_json else table(data))


def _target(text: str) -> tuple[float, float]:
    try:
        share, minutes = (float(x) for x in text.split(","))
    except ValueError as exc:
        raise click.BadParameter("give SHARE,MINUTES, e.g. 0.9,15") from exc
    if not 0 < share <= 1 or minutes <= 0:
        raise click.BadParameter("SHARE is in (0, 1] and MINUTES positive")
    return share, minutes


@click.command()
@click.argument("scenario_file", required=False, type=click.Path(dir_okay=False))
@click.option("--target", "target_text", default="0.9,15", show_default=True,
              metavar="SHARE,MINUTES", help="e.g. 90% called within 15 minutes")
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--tradeoffs/--no-tradeoffs", default=True, show_default=True,
              help="Also what reservation-first and the reserved windows do to walk-ins")
@click.option("--json", "as_json", is_flag=True)
def plan(scenario_file: str | None, target_text: str, seed: int, tradeoffs: bool,
         as_json: bool) -> None:
    """The fewest open windows per period of the day that meet the wait target."""
    from server.simulation import planner

    share, minutes = _target(target_text)
    scenario = _scenario(scenario_file, None, None)
    data = planner.plan(scenario, target=planner.Target(share, minutes), seed=seed)
    if tradeoffs:
        data["tradeoffs"] = planner.tradeoffs(scenario, seed=seed)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    click.echo(f"{data['scenario']}: {share:.0%} called within {minutes:g} min "
               f"({data['simulations']} simulations)")
    for row in data["periods"]:
        shown = "-" if row["within_target"] is None else f"{row['within_target']:.2f}"
        click.echo(f"  {row['from']}-{row['to']}  {row['visits']:>4} visits  "
                   f"{row['open_windows']:>3} windows  within target {shown}"
                   f"{'' if row['met'] else '  (not met even with every window)'}")
    click.echo(f"window-hours {data['window_hours']} of {data['window_hours_all_open']}")
    for name, figures in data.get("tradeoffs", {}).items():
        walk_in = figures["walk_in"]
        click.echo(f"  {name:28} walk-ins: mean {walk_in['mean_wait_minutes']} "
                   f"p90 {walk_in['p90_wait_minutes']} min")


def register(group: click.Group) -> None:
    group.add_command(simulate)
    group.add_command(plan)
