"""Package-structure mutants of a workbook, and a harness that checks and processes each one under a memory cap
and a time bound (tests/test_hostile_round2.py runs it in a subprocess; `python -m tests.mutants N` explores).

Mutations: relationship targets, content types, ref/sqref attributes, truncated parts, bit flips in XML, parts
dropped. Each mutant is a valid zip (the damage is inside the package, where the guard must see it)."""

from __future__ import annotations

import json
import random
import re
import sys
import zipfile
from pathlib import Path

RANGES = ["A1:XFD1048576", "A0", "ZZZZ1", "B2:A1", "A1:A1048577", "$A$1:$B$2", "", "A1 B2:C3", "IKU!A1",
          "XFD1048576", "A1:XFE1", "1:1", "A:A", "a1", "A1:B2:C3", "AAAAAAAAAAAAAAAAAAAAAAAAAA1"]
TARGETS = ["", "/", "..", "../../etc/passwd", "worksheets/sheet1.xml", "/xl/worksheets/sheet2.xml",
           "WORKSHEETS/SHEET1.XML", "sheet%31.xml", "styles.xml#x", "http://x.invalid/a.xml", "/[Content_Types].xml",
           "xl/workbook.xml", "../xl/workbook.xml", "_rels/.rels", "missing.xml", "worksheets/../styles.xml"]
TYPES = ["", "application/xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "text/plain",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"]


def _xml_names(parts: dict[str, bytes]) -> list[str]:
    return sorted(name for name in parts if name.endswith((".xml", ".rels", ".vml")))


def mutate(parts: dict[str, bytes], rng: random.Random) -> tuple[str, dict[str, bytes]]:
    """One mutation of a package (part name -> bytes): (what was done, the new parts)."""
    parts = dict(parts)
    kind = rng.choice(["target", "content-type", "range", "truncate", "flip", "drop", "attribute"])
    names = _xml_names(parts)
    if not names:
        return "none", parts
    if kind == "target" and any(name.endswith(".rels") for name in parts):
        rels = sorted(name for name in parts if name.endswith(".rels"))
        name = rng.choice(rels)
        targets = re.findall(rb'Target="([^"]*)"', parts[name])
        if targets:
            old = rng.choice(targets)
            new = rng.choice(TARGETS + [n for n in parts]).encode()
            parts[name] = parts[name].replace(b'Target="' + old + b'"', b'Target="' + new + b'"', 1)
            return f"target {name}: {old!r} -> {new!r}", parts
    if kind == "content-type" and "[Content_Types].xml" in parts:
        name = "[Content_Types].xml"
        found = re.findall(rb'ContentType="([^"]*)"', parts[name])
        if found and rng.random() < 0.7:
            old = rng.choice(found)
            new = rng.choice(TYPES).encode()
            parts[name] = parts[name].replace(b'ContentType="' + old + b'"', b'ContentType="' + new + b'"', 1)
            return f"content type {old!r} -> {new!r}", parts
        overrides = re.findall(rb"<Override [^>]*/>", parts[name])
        if overrides:
            dropped = rng.choice(overrides)
            parts[name] = parts[name].replace(dropped, b"", 1)
            return f"override dropped {dropped[:80]!r}", parts
    if kind == "range":
        candidates = [n for n in names if re.search(rb'\s(?:sq)?ref="', parts[n])]
        if candidates:
            name = rng.choice(candidates)
            found = [m.span(1) for m in re.finditer(rb'\s(?:sq)?ref="([^"]*)"', parts[name])]
            start, end = rng.choice(found)
            new = rng.choice(RANGES).encode()
            parts[name] = parts[name][:start] + new + parts[name][end:]
            return f"range {name}: -> {new!r}", parts
    if kind == "truncate":
        name = rng.choice(names)
        cut = rng.randrange(len(parts[name]) + 1)
        parts[name] = parts[name][:cut]
        return f"truncate {name} at {cut}", parts
    if kind == "flip":
        name = rng.choice(names)
        data = bytearray(parts[name])
        if data:
            for _ in range(rng.randint(1, 3)):
                position = rng.randrange(len(data))
                data[position] ^= 1 << rng.randrange(8)
            parts[name] = bytes(data)
            return f"flip {name}", parts
    if kind == "drop":
        name = rng.choice(sorted(parts))
        del parts[name]
        return f"drop {name}", parts
    if kind == "attribute":  # a numeric attribute made odd: r, s, sheetId, count, numFmtId, xfId
        candidates = [n for n in names if re.search(rb'\s(?:r|s|t|sheetId|numFmtId|xfId|fontId|fillId)="', parts[n])]
        if candidates:
            name = rng.choice(candidates)
            found = [m.span(2) for m in re.finditer(rb'\s(r|s|t|sheetId|numFmtId|xfId|fontId|fillId)="([^"]*)"',
                                                    parts[name])]
            start, end = rng.choice(found)
            new = rng.choice([b"", b"-1", b"999999999", b"x", b"1.5", b"A0", b"99999999999999999999", b"e", b"s"])
            parts[name] = parts[name][:start] + new + parts[name][end:]
            return f"attribute {name}: -> {new!r}", parts
    return "none", parts


def read_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def write_parts(parts: dict[str, bytes], path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def make_mutants(source: Path, folder: Path, count: int, seed: int) -> list[tuple[Path, str]]:
    rng = random.Random(seed)
    original = read_parts(source)
    made = []
    for index in range(count):
        parts, done = original, []
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            what, parts = mutate(parts, rng)
            done.append(what)
        made.append((write_parts(parts, folder / f"m{index:04d}.xlsx"), "; ".join(done)))
    return made


def judge(paths: list[Path], out: Path, seconds: int) -> list[dict]:
    """Check and process every file (in this process); what each gave and how long it took."""
    import signal
    import time

    from lkip_xls import api

    def timeout(*_args):
        raise TimeoutError

    signal.signal(signal.SIGALRM, timeout)
    verdicts = []
    for path in paths:
        verdict: dict = {"file": path.name}
        started = time.monotonic()
        try:
            signal.alarm(seconds)
            checked = api.check_file(path)
            processed = api.process_file(path, api.Options(out_dir=out / path.stem))
            signal.alarm(0)
            verdict.update(check=checked.status, process=processed.status,
                           check_reason=_reason(checked), process_reason=_reason(processed))
        except TimeoutError:
            verdict["error"] = f"more than {seconds} s"
        except BaseException as exc:  # noqa: BLE001 - the api must never raise: report it
            signal.alarm(0)
            verdict["error"] = f"{type(exc).__name__}: {exc}"
        verdict["seconds"] = round(time.monotonic() - started, 2)
        verdicts.append(verdict)
    return verdicts


def _reason(result) -> str | None:
    if result.status != "unreadable" or not result.findings:
        return None
    params = result.findings[0].params
    return f"{params.get('reason')}: {str(params.get('detail'))[:150]}"


def main() -> None:
    """python -m tests.mutants COUNT [SEED] [MEMORY_MB] [SAMPLE]: make mutants of a sample, judge them under a
    memory cap; print every mutant where check and process disagree or that failed."""
    import resource
    import tempfile

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    memory = int(sys.argv[3]) if len(sys.argv) > 3 else 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory * 1024 * 1024, memory * 1024 * 1024))
    folder = Path(tempfile.mkdtemp(prefix="lkip-mutants-"))
    samples = Path(__file__).resolve().parent.parent / "samples"
    sample = sys.argv[4] if len(sys.argv) > 4 else "ntt-2024.xlsx"
    made = make_mutants(samples / sample, folder, count, seed)
    what = {path.name: mutation for path, mutation in made}
    for verdict in judge([path for path, _ in made], folder / "out", 30):
        if verdict.get("error") or verdict.get("check") != verdict.get("process"):
            print(json.dumps(verdict | {"mutation": what[verdict["file"]]}))


if __name__ == "__main__":
    main()
