"""Time the counting rules on Wieliczka 2023 and on a generated 100,000 x 200 election.

Run: .venv/bin/python benchmarks/budgets.py [--voters N] [--projects N]
Prints seconds per rule; every rule is exact (integer/fraction arithmetic).
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from budgets import pabulib  # noqa: E402
from budgets.counting import RULES, count  # noqa: E402
from budgets.generate import generate_election  # noqa: E402

WIELICZKA = ROOT / "tests" / "data" / "pabulib" / "Poland_Wieliczka_2023_Green_Budget.pb"


def timed(label: str, election) -> None:
    for rule in RULES:
        started = time.perf_counter()
        selected = count(election, rule)
        elapsed = time.perf_counter() - started
        print(f"{label:<34} {rule:<12} {elapsed:8.2f} s   {len(selected)} projects selected")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--voters", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--pabulib", default=str(WIELICZKA), help="a .pb file to time as well")
    args = parser.parse_args()
    if Path(args.pabulib).exists():
        timed(Path(args.pabulib).stem, pabulib.read(args.pabulib).election())
    started = time.perf_counter()
    election = generate_election(voters=args.voters, projects=args.projects, seed=2027)
    print(
        f"(generated {args.voters} ballots x {args.projects} projects in {time.perf_counter() - started:.1f} s)"
    )
    timed(f"generated {args.voters} x {args.projects}", election)


if __name__ == "__main__":
    main()
