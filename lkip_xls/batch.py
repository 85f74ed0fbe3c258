"""Many files: which files a command means, and running them in a pool of processes (results in input order,
a callback after each file). Never prints, never exits."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from .core.errors import FileUnreadable
from .core.names import HASIL_SUFFIX, OWN_OUTPUT_SUFFIXES, RINGKASAN_SUFFIX, WORKBOOK_SUFFIXES, output_paths
from .rules.analysis import FileResult, Options, unreadable


def workbooks_in(folder: Path) -> list[Path]:
    """Every .xlsx/.xlsm directly inside a folder, sorted; Excel's lock files (~$) and hidden files left out."""
    return [child for child in sorted(folder.iterdir())
            if child.suffix.lower() in WORKBOOK_SUFFIXES and child.is_file() and not child.name.startswith(("~$", "."))]


def expand_inputs(paths: Iterable[Path]) -> list[Path]:
    """Files as given; a folder means every .xlsx/.xlsm directly inside, without lkip-xls's own outputs."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(c for c in workbooks_in(path) if not c.stem.endswith(OWN_OUTPUT_SUFFIXES))
        else:
            found.append(path)
    return found


def rekap_inputs(paths: Iterable[Path], exclude: Path | None = None) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files as given, folders expanded (originals and `_hasil` alike, never `_ringkasan`); of `X` and
    `X_hasil` side by side only `X_hasil` (the newer submission) is kept. Returns (kept, [(skipped, why)])."""
    found: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            found.extend(workbooks_in(path))
        else:
            found.append(path)
    kept: list[Path] = []
    seen: set[Path] = set()
    names = {_resolved(p) for p in found}
    for path in found:
        resolved = _resolved(path)
        if resolved in seen:
            continue
        seen.add(resolved)
        if path.stem.endswith(RINGKASAN_SUFFIX):
            skipped.append((path, "ringkasan"))
        elif exclude is not None and resolved == _resolved(exclude):
            skipped.append((path, "output"))
        elif not path.stem.endswith(HASIL_SUFFIX) and _resolved(_hasil_twin(path)) in names:
            skipped.append((path, "twin"))
        else:
            kept.append(path)
    return kept, skipped


RECAP_SHEETS = frozenset({"Rekap", "Recap"})  # the first sheet of a recap workbook (outputs/rekap_book), id and en
AGENCY_SHEETS = frozenset({"Identitas", "IKU", "Anggaran"})


def is_earlier_recap(path: Path) -> bool:
    """Whether an existing workbook is a recap lkip-xls wrote (a Rekap/Recap sheet and none of an agency's
    sheets), so that `rekap --out` may replace it; anything else (an agency's workbook, a file that cannot be
    read) is not."""
    import zipfile

    from .read.ooxml import Package
    try:
        with zipfile.ZipFile(path) as archive:
            names = {name for name, _part, _kind in Package(archive).sheets}
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, SyntaxError, EOFError, RuntimeError):
        return False
    return bool(names & RECAP_SHEETS) and not names & AGENCY_SHEETS


def _hasil_twin(path: Path) -> Path:
    return path.with_name(f"{path.stem}{HASIL_SUFFIX}{path.suffix}")


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def identity(path: Path) -> tuple[int, int] | Path:
    """What makes two paths one file: its device and inode when it exists (so a hard link, a symbolic link or
    another spelling is the same file), else its resolved path."""
    try:
        status = path.stat()
        return status.st_dev, status.st_ino
    except OSError:
        return _resolved(path)


def same_file(a: Path, b: Path) -> bool:
    return identity(a) == identity(b)


def overwriting_inputs(paths: Sequence[Path], out_dir: Path | None) -> dict[Path, Path]:
    """Files of a batch one of whose outputs is one of the batch's inputs (its own or another's, through any
    link): file -> the input it would overwrite."""
    inputs = {identity(path): path for path in paths}
    found: dict[Path, Path] = {}
    for path in paths:
        for target in output_paths(path, out_dir).values():
            victim = inputs.get(identity(target))
            if victim is not None:
                found[path] = victim
                break
    return found


def output_collisions(paths: list[Path], out_dir: Path | None) -> dict[Path, Path]:
    """Files of one batch whose outputs would overwrite an earlier file's (a/X.xlsx and b/X.xlsx into one
    --out-dir, or X.xlsx beside X.xlsm): file -> the earlier file it collides with."""
    owner: dict[Path, Path] = {}
    collisions: dict[Path, Path] = {}
    for path in paths:
        targets = [t.resolve() if t.parent.exists() else t for t in output_paths(path, out_dir).values()]
        earlier = next((owner[t] for t in targets if t in owner), None)
        if earlier is not None:
            collisions[path] = earlier
            continue
        owner.update({t: path for t in targets})
    return collisions


Worker = Callable[[Path, Options], FileResult]  # api.check_file or api.process_file: picklable by name


def _work(job: tuple[Worker, Path, Options]) -> FileResult:
    worker, path, options = job
    try:
        return worker(path, options)
    except Exception as exc:  # noqa: BLE001 - one file's failure must never stop the batch or show a traceback
        return unreadable(path, FileUnreadable("internal", f"{type(exc).__name__}: {exc}"))


def run_batch(worker: Worker, paths: Sequence[Path], options: Options, jobs: int | None,
              advance: Callable[[FileResult], None] = lambda result: None) -> list[FileResult]:
    """`worker` on every file, in a process pool when jobs > 1; results in input order; `advance` after each."""
    work = [(worker, path, options) for path in paths]
    workers = min(jobs or cpu_count(), len(work))
    if workers <= 1:
        results = []
        for job in work:
            results.append(_work(job))
            advance(results[-1])
        return results
    _share_with_workers(worker, options)
    done: dict[int, FileResult] = {}

    def finish(index: int, result: FileResult) -> None:
        done[index] = result
        advance(result)

    gc.freeze()  # what the workers inherit is never walked by their cycle collector (nor copied for it)
    try:
        pending = _run_pool(work, list(range(len(work))), workers, finish)
        for index in pending:  # a worker died (the OOM killer, a crash in a library): each file again, alone
            if not _run_pool(work, [index], 1, finish):
                continue
            finish(index, unreadable(work[index][1], FileUnreadable("worker-died", _WORKER_DIED)))
    finally:
        gc.unfreeze()
    return [done[i] for i in range(len(work))]


_WORKER_DIED = "BrokenProcessPool"
_WRITERS = ("process_file",)  # workers that write a _hasil and a _ringkasan (api.process_file)


def _share_with_workers(worker: Worker, options: Options) -> None:
    """Load, once and before the pool forks, what every worker would load on its first file: the reader's
    modules imported when a file needs them, the writers' modules and the compiled narrative template. Forked
    workers share it; each of them loading it again cost a batch with `--jobs 2` about 0,2 s of CPU per worker."""
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        return
    from .read import fastread, plan, program  # noqa: F401  (imported by the reader when a file needs them)

    if getattr(worker, "__name__", "") in _WRITERS:
        from .outputs import summary  # noqa: F401
        from .outputs.hasil import annotate  # noqa: F401
        from .text import narrative

        narrative.environment(options.lang).get_template(f"{options.lang}/ringkasan.j2")


def _run_pool(work: list[tuple[Worker, Path, Options]], indices: list[int], workers: int,
              finish: Callable[[int, FileResult], None]) -> list[int]:
    """Run the jobs `indices` in a fresh pool; the indices left unfinished when a worker died."""
    from concurrent.futures import ProcessPoolExecutor, as_completed  # only a batch needs it
    from concurrent.futures.process import BrokenProcessPool

    left = set(indices)
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_work, work[index]): index for index in indices}
            for future in as_completed(futures):
                try:
                    result = future.result()
                except BrokenProcessPool:
                    continue
                left.discard(futures[future])
                finish(futures[future], result)
    except BrokenProcessPool:
        pass
    return sorted(left)


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
