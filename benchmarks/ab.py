"""Before and after: the CPU time of one lkip-xls command run from two (or more) source trees, taking turns.

    git archive <commit> | tar -x -C /tmp/before
    .venv/bin/python benchmarks/ab.py process /tmp/provinsi.xlsx --rounds 9 before=/tmp/before after=.

Each tree's `lkip_xls` is imported through PYTHONPATH with `python -S` (the editable install's finder, which
would import this checkout's code whatever PYTHONPATH says, is in a site .pth file; the venv's site-packages
are put on PYTHONPATH instead), so every contender starts the same way. The trees run in turn, in reverse
order every other round, after one warm-up run each (bytecode written, the file in the page cache). Prints
the least and the median CPU seconds (user + system) and the peak memory of each. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path


def run(tree: Path, command: str, workbook: Path, extra: list[str], out: Path) -> tuple[float, float]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = f"{tree}{os.pathsep}{sysconfig.get_paths()['purelib']}"
    args = [sys.executable, "-S", "-m", "lkip_xls", command, str(workbook), "-q", *extra]
    if command == "process":
        args += ["--out-dir", str(out)]
    # cwd: `-m` puts the working folder first on sys.path, which would import the caller's checkout
    child = subprocess.Popen(args, env=env, cwd=out.parent, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: the workbook has findings
        raise SystemExit(f"{tree}: {child.stderr.read().decode()}" if child.stderr else f"{tree} failed")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["check", "process"])
    parser.add_argument("workbook", type=Path, help="a workbook or a folder (a batch)")
    parser.add_argument("trees", nargs="+", help="NAME=SOURCE_TREE (the folder holding lkip_xls/)")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    args.workbook = args.workbook.resolve()
    trees = {name: Path(tree).resolve() for name, _, tree in (item.partition("=") for item in args.trees)}
    extra = ["--jobs", str(args.jobs)] if args.jobs else []
    out = Path(tempfile.mkdtemp(prefix="lkip-ab-"))
    cpu: dict[str, list[float]] = {name: [] for name in trees}
    peak: dict[str, float] = {}
    for name, tree in trees.items():
        run(tree, args.command, args.workbook, extra, out / name)
    for round_number in range(args.rounds):
        order = list(trees.items())
        for name, tree in order if round_number % 2 == 0 else reversed(order):
            seconds, mb = run(tree, args.command, args.workbook, extra, out / name)
            cpu[name].append(seconds)
            peak[name] = max(peak.get(name, 0.0), mb)
    for name, values in cpu.items():
        print(f"{args.command} {name}: CPU least {min(values):.3f} s, median {statistics.median(values):.3f} s, "
              f"peak {peak[name]:.0f} MB")
    print("load average", " ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
