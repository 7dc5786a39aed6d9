"""Simulator benchmark: the peak day at one center, and a city day over many centers.

Prints, for the default peak day (1,788 visits at Pengpu's 25 windows), the seconds per
run and the promise's truth (`estimate_within_20pct`); then a city day: `--centers`
centers with `--visits` visits in all (default 220 and 400,000), each center the peak
day scaled to its share with its own seed, simulated in `--processes` processes. With
`--sample N` only N centers are simulated and the city figure is projected from them
(and says so).

    .venv/bin/python bench/simulate_bench.py [--seeds 1] [--sample 4] [--processes 2]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.simulation import scenario as scenarios  # noqa: E402
from server.simulation.engine import simulate  # noqa: E402
from server.simulation.report import summary  # noqa: E402


def one_center(args: tuple[int, float]) -> tuple[int, float, float]:
    """(visits, wall seconds, CPU seconds) of one center's day."""
    seed, scale = args
    scenario = scenarios.load()
    scenario.arrivals = {k: round(v * scale) for k, v in scenario.arrivals.items()}
    began, cpu = time.perf_counter(), time.process_time()
    run = simulate(scenario, seed=seed)
    return len(run.tickets), time.perf_counter() - began, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=1, help="peak-day runs (seeds 1..N)")
    parser.add_argument("--centers", type=int, default=220)
    parser.add_argument("--visits", type=int, default=400_000)
    parser.add_argument("--sample", type=int, default=0,
                        help="simulate only this many centers and project the rest")
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()

    print("peak day: 1,788 visits, 25 windows (config/simulation/peak_day.yaml)")
    for seed in range(1, args.seeds + 1):
        cpu = time.process_time()
        data = summary(simulate(scenarios.load(), seed=seed))
        print(f"  seed {seed}: {data['seconds']:.1f} s wall, {time.process_time() - cpu:.1f} s CPU;"
              f" estimate_within_20pct {data['estimate_within_20pct']}; mean wait "
              f"{data['mean_wait_minutes']} min, p90 {data['p90_wait_minutes']} min")

    base = scenarios.load().visits
    scale = args.visits / args.centers / base
    centers = args.sample or args.centers
    print(f"city day: {args.centers} centers, {args.visits:,} visits "
          f"({args.visits / args.centers:.0f} per center), {args.processes} processes"
          + (f", {centers} centers simulated and the rest projected" if args.sample else ""))
    began = time.perf_counter()
    with mp.get_context("spawn").Pool(args.processes) as pool:
        results = pool.map(one_center, [(seed, scale) for seed in range(1, centers + 1)],
                           chunksize=1)
    wall = time.perf_counter() - began
    visits = sum(r[0] for r in results)
    cpu = sum(r[2] for r in results)
    print(f"  {centers} centers, {visits:,} visits in {wall:.1f} s wall "
          f"({visits / wall:.0f} visits/s; {cpu / visits * 1000:.1f} ms CPU per visit)")
    if args.sample:
        print(f"  projected for {args.centers} centers: {wall * args.centers / centers:.0f} s")


if __name__ == "__main__":
    main()
