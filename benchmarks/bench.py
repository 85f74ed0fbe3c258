"""Speed and memory of lkip-xls, measured (not a test): prints figures for benchmarks/README.md.

    .venv/bin/python benchmarks/bench.py [--workdir DIR] [--batch 120] [--runs 5]

(a) a province-size workbook: 10,000 Anggaran rows (program -> kegiatan -> sub-kegiatan), 300 IKU,
    60 SDM units: `process` time against a bare openpyxl load+save of the same file (target <= 0.5),
    peak memory of `process` (target <= 150 MB), `check` time against a bare openpyxl load (target <= 0.4),
    and `process` against the floor: python-calamine reading every sheet plus a plain rewrite of the zip
    (every member read, a new zip written), about the least any tool that reads the values and writes the
    package again could take;
(b) a batch of ordinary OPD workbooks: files per second with --jobs 1 and --jobs 2 (target speed-up >= 1.8).
Every figure is given in elapsed ("wall") and in CPU time (user + system, rusage, a batch's workers
included): on a machine shared with other work the CPU time moves much less. Every run is a fresh process.
The contenders take turns within each round (in reverse order every other round), and each ratio is the
median of the round-by-round ratios, given with its range: this VM's speed
drifts within minutes, and a ratio of two figures measured minutes apart would measure the drift. Peak
memory: the process's rusage (maximum resident set). The floor needs python-calamine (`pip install
-e '.[bench]'`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

sys.path.insert(0, str(ROOT))
from lkip_xls.core import schema  # noqa: E402


def _headers(sheet, spec) -> None:
    sheet.write_string(0, 0, spec.title)
    sheet.write_string(1, 0, spec.instruction)
    for column, item in enumerate(spec.columns):
        sheet.write_string(2, column, item.header)


def make_workbook(path: Path, programs: int, kegiatan: int, sub: int, indicators: int, units: int,
                  seed: int = 1) -> None:
    """A filled template of the given size; every sum is right so that the figures measure the normal case."""
    rng = random.Random(seed)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    ident = book.add_worksheet("Identitas")
    _headers(ident, schema.IDENTITAS)
    values = {"Versi Template": 1, "Nama Instansi": f"Dinas Contoh {seed}", "Pemerintah Daerah": "Provinsi Contoh",
              "Tahun": 2024, "Skala Kategori": "permendagri86"}
    for row, field in enumerate(schema.IDENTITAS_FIELDS, start=3):
        ident.write_string(row, 0, field.label)
        value = values.get(field.label)
        if isinstance(value, int):
            ident.write_number(row, 1, value)
        elif value:
            ident.write_string(row, 1, value)
    iku = book.add_worksheet("IKU")
    _headers(iku, schema.IKU)
    sasaran = max(1, indicators // 4)
    for i in range(indicators):
        s = i % sasaran + 1
        target = rng.randint(50, 100)
        iku.write_row(3 + i, 0, [f"SS{s}", f"Sasaran {s}", f"IKU{i + 1}", f"Indikator {i + 1}", "%", "Naik", target,
                                 round(target * rng.uniform(0.6, 1.2), 2)])
    anggaran = book.add_worksheet("Anggaran")
    _headers(anggaran, schema.ANGGARAN)
    lines: list[list] = []  # rows in sheet order (constant_memory writes rows strictly top to bottom)
    total_budget = total_spent = 0
    for p in range(1, programs + 1):
        program = [f"3.{p:02d}", f"Program {p}", f"SS{p % sasaran + 1}", 0, 0]
        lines.append(program)
        for k in range(1, kegiatan + 1):
            kegiatan_line = [f"3.{p:02d}.{k:02d}", f"Kegiatan {p}.{k}", None, 0, 0]
            lines.append(kegiatan_line)
            for s in range(1, sub + 1):
                budget = rng.randint(1_000, 900_000) * 1000
                spent = int(budget * rng.uniform(0.5, 1.0))
                lines.append([f"3.{p:02d}.{k:02d}.{s:04d}", f"Sub kegiatan {p}.{k}.{s}", None, budget, spent])
                for parent in (kegiatan_line, program):
                    parent[3] += budget
                    parent[4] += spent
                total_budget, total_spent = total_budget + budget, total_spent + spent
    lines.append([None, "JUMLAH", None, total_budget, total_spent])
    for row, line in enumerate(lines, start=3):
        anggaran.write_row(row, 0, line)
    sdm = book.add_worksheet("SDM")
    _headers(sdm, schema.SDM)
    for u in range(units):
        pns, non_asn = rng.randint(8, 40), rng.randint(0, 10)
        male = rng.randint(0, pns + non_asn)
        edu = [0, 1, pns - 4, 1, 2, 0, 0]
        grades = [1, pns - 3, 2, 0]
        posts = [0, 1, 2, 3, pns - 6]
        sdm.write_row(3 + u, 0, [f"Unit {u + 1}", pns, 0, 0, non_asn, pns + non_asn, male, pns + non_asn - male,
                                 *edu, *grades, *posts])
    book.close()


def timed(args: list[str]) -> tuple[float, float, float]:
    """(seconds, peak RSS in MB, CPU seconds) of a command run in a fresh process (the CPU time counts the
    processes it waited for: a batch's workers)."""
    start = time.perf_counter()
    command = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    _, status, usage = os.wait4(command.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: the workbook has findings
        raise SystemExit(f"failed: {' '.join(args)}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


# Measured as installed: bytecode cached (some shells set PYTHONDONTWRITEBYTECODE, which makes every start
# recompile every module), and one warm-up run so that the file is in the page cache for every contender.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Measured:
    seconds: dict[str, list[float]]  # per command, one time per round
    peak_mb: dict[str, float]
    cpu: dict[str, list[float]]  # per command, CPU seconds per round (less moved by other load than the time)

    def median(self, name: str) -> float:
        return statistics.median(self.seconds[name])

    def ratios(self, name: str, other: str) -> list[float]:
        """name's time over other's, round by round: each pair ran within seconds of each other."""
        return [a / b for a, b in zip(self.seconds[name], self.seconds[other], strict=True)]

    def cpu_ratios(self, name: str, other: str) -> list[float]:
        """name's CPU time over other's, round by round: moved much less than the elapsed time by other work on
        the machine (which takes CPUs away, not cycles out of a process's own count)."""
        return [a / b for a, b in zip(self.cpu[name], self.cpu[other], strict=True)]


def measure(commands: dict[str, list[str]], runs: int) -> Measured:
    """One warm-up run of each command (the file gets into the page cache), then `runs` rounds in which the
    commands take turns, in reverse order every other round: a machine whose speed drifts slows the commands
    of a round alike, and the ratios are taken round by round."""
    measured = Measured({name: [] for name in commands}, {}, {name: [] for name in commands})
    for name, args in commands.items():
        _, measured.peak_mb[name], _ = timed(args)
    for round_number in range(runs):
        order = list(commands.items())
        for name, args in order if round_number % 2 == 0 else reversed(order):
            seconds, peak, cpu = timed(args)
            measured.seconds[name].append(seconds)
            measured.cpu[name].append(cpu)
            measured.peak_mb[name] = max(measured.peak_mb[name], peak)
    return measured


def ratio_figures(key: str, ratios: list[float]) -> dict[str, object]:
    return {key: round(statistics.median(ratios), 2), f"{key}_range": [round(min(ratios), 2), round(max(ratios), 2)]}


def both(measured: Measured, name: str, other: str) -> dict[str, object]:
    """A ratio in elapsed ("wall") and in CPU time: medians of the round-by-round ratios, their range, and the
    least CPU ratio (on a shared machine the least is the one least disturbed)."""
    wall, cpu = measured.ratios(name, other), measured.cpu_ratios(name, other)
    return {"wall": round(statistics.median(wall), 2), "wall_range": [round(min(wall), 2), round(max(wall), 2)],
            "cpu": round(statistics.median(cpu), 2), "cpu_min": round(min(cpu), 2),
            "cpu_range": [round(min(cpu), 2), round(max(cpu), 2)]}


BARE_LOAD_SAVE = "import openpyxl, sys; wb = openpyxl.load_workbook(sys.argv[1]); wb.save(sys.argv[2])"
BARE_LOAD = "import openpyxl, sys; wb = openpyxl.load_workbook(sys.argv[1])"
# The floor: every sheet's values read by a Rust reader, and the package read and written again as a zip.
FLOOR = """
import sys, zipfile
import python_calamine
book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
for name in book.sheet_names:
    book.get_sheet_by_name(name).to_python()
with zipfile.ZipFile(sys.argv[1]) as source, zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as target:
    for info in source.infolist():
        target.writestr(info, source.read(info), compress_type=zipfile.ZIP_DEFLATED)
"""
CLI = [PYTHON, "-m", "lkip_xls"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--batch", type=int, default=120)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="lkip-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    big = workdir / "provinsi.xlsx"
    make_workbook(big, programs=20, kegiatan=20, sub=24, indicators=300, units=60)  # 20 + 400 + 9600 rows
    batch = workdir / "batch"
    batch.mkdir(exist_ok=True)
    for i in range(args.batch):
        make_workbook(batch / f"opd-{i:03d}.xlsx", programs=6, kegiatan=3, sub=4, indicators=8, units=6, seed=i)
    out = workdir / "out"
    load_before = os.getloadavg()

    single = measure({
        "bare_load_save": [PYTHON, "-c", BARE_LOAD_SAVE, str(big), str(workdir / "bare.xlsx")],
        "bare_load": [PYTHON, "-c", BARE_LOAD, str(big)],
        "floor": [PYTHON, "-c", FLOOR, str(big), str(workdir / "floor.xlsx")],
        "process": [*CLI, "process", str(big), "--out-dir", str(out), "-q"],
        "check": [*CLI, "check", str(big), "-q"],
    }, args.runs)
    batches = measure({
        "jobs1": [*CLI, "process", str(batch), "--out-dir", str(out / "b1"), "-q", "--jobs", "1"],
        "jobs2": [*CLI, "process", str(batch), "--out-dir", str(out / "b2"), "-q", "--jobs", "2"],
    }, args.runs)

    figures = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average_before_after": [round(x, 1) for x in load_before] + [round(x, 1) for x in os.getloadavg()],
        "big_workbook": f"{big.stat().st_size / 1024:.0f} KB, 10,020 Anggaran rows, 300 IKU, 60 SDM units",
        "rounds": args.runs,
        "note": "times are medians over the rounds; ratios are medians of round-by-round ratios, with their range; "
                "'cpu' is user + system time (a batch's workers included), 'cpu_min' the least round's ratio",
        "wall_s": {name: round(single.median(name), 2) for name in single.seconds},
        "cpu_s": {name: round(statistics.median(values), 2) for name, values in single.cpu.items()},
        "cpu_min_s": {name: round(min(values), 2) for name, values in single.cpu.items()},
        "peak_mb": {name: round(peak) for name, peak in single.peak_mb.items()},
        "process_over_bare_load_save (target <= 0.5)": both(single, "process", "bare_load_save"),
        "process_over_floor": both(single, "process", "floor"),
        "check_over_bare_load (target <= 0.4)": both(single, "check", "bare_load"),
        "process_peak_mb (target <= 150)": round(single.peak_mb["process"]),
        "batch_files": args.batch,
        "batch_wall_s": {name: round(batches.median(name), 2) for name in batches.seconds},
        "batch_cpu_s": {name: round(statistics.median(values), 2) for name, values in batches.cpu.items()},
        "batch_jobs1_files_per_s": round(args.batch / batches.median("jobs1"), 1),
        "batch_jobs2_files_per_s": round(args.batch / batches.median("jobs2"), 1),
        **ratio_figures("batch_speedup (target >= 1.8)", batches.ratios("jobs1", "jobs2")),
        # what a second worker costs in CPU: on an idle machine the speed-up can be at most 2 / this
        "batch_cpu_jobs2_over_jobs1": both(batches, "jobs2", "jobs1"),
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
