"""Printing many handouts: worker processes lay out chunks, the parent writes the output once.

Each worker keeps one renderer (fonts and stylesheet) for its whole life and turns a chunk
of views into one PDF, subsetting the fonts once for the chunk; for one file per interview
it cuts that PDF into per-handout files without touching the fonts again. The parent
writes the output as chunks arrive (a combined PDF too: each chunk's pages are appended to
it at once), and takes the views (which `PreparedViews` builds as they are taken) only to
keep two chunks in each worker's hands, so memory stays flat however many handouts are
printed, and the workers start on the first chunk while the next are prepared.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import re
import threading
import time
import zipfile
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from enum import StrEnum
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import BinaryIO, Protocol, cast

from recruiter_kit.errors import ValidationError
from recruiter_kit.files import atomic_output
from recruiter_kit.handouts.combined import CombinedPdf
from recruiter_kit.handouts.pdf import Renderer, split_pdf
from recruiter_kit.handouts.templating import TemplateSource
from recruiter_kit.handouts.view import Failure, HandoutView

CHUNK_SIZE = 25
# Chunks per worker given out and not yet written: one being laid out, one waiting, so a
# worker that finishes a chunk starts the next at once.
AHEAD_PER_WORKER = 2
Progress = Callable[[int, int], None]  # (handouts done or failed, handouts in all)


class OutputKind(StrEnum):
    """Where a batch goes."""

    FILE = "file"  # one combined PDF (or one HTML file for a single handout)
    FOLDER = "folder"  # one file per interview
    ZIP = "zip"  # one file per interview, in a zip archive


class Format(StrEnum):
    """What a batch writes."""

    PDF = "pdf"
    HTML = "html"


@dataclass(frozen=True, slots=True)
class Target:
    """An output path and how it is written."""

    path: Path
    kind: OutputKind
    format: Format

    @classmethod
    def parse(cls, output: str, format: Format = Format.PDF) -> Target:
        """`FILE.pdf` (or `FILE.html`), `DIR/` (or an existing folder), or `FILE.zip`."""
        path = Path(output).expanduser()
        if output.endswith(("/", os.sep)) or path.is_dir():
            return cls(path, OutputKind.FOLDER, format)
        suffix = path.suffix.lower()
        if suffix == ".zip":
            return cls(path, OutputKind.ZIP, format)
        if suffix != f".{format.value}":
            raise ValidationError(
                "output",
                None,
                f"{output!r}: name a .{format.value} file, a .zip file or a folder ending in /",
            )
        return cls(path, OutputKind.FILE, format)

    def check_writable(self) -> None:
        """Fail early, before any work, when the output cannot be written."""
        folder = self.path if self.kind == OutputKind.FOLDER else self.path.parent
        if self.kind == OutputKind.FOLDER and not folder.exists():
            folder = folder.parent
        if not folder.is_dir():
            raise ValidationError("output", None, f"no such folder: {folder}")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise ValidationError("output", None, f"cannot write to {folder}")


@dataclass(slots=True)
class BatchResult:
    """What a batch made."""

    handouts: int = 0
    pages: int = 0
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    files: list[Path] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Chunk:
    """What a worker sends back for one chunk."""

    pdf: bytes | None  # the chunk's combined PDF (one output file)
    files: list[tuple[str, bytes]]  # (file name, content) for one file per interview
    made: list[tuple[HandoutView, int]]  # handouts made and their page counts
    failures: list[Failure]


def safe_name(text: str) -> str:
    """`text` usable as a file name on any system (refs are free text)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._") or "handout"


class Views(Protocol):
    """Handouts to print: counted up front, taken once, in order. A list of views, or
    `PreparedViews`, which builds them a chunk at a time as they are taken."""

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[HandoutView | Failure]: ...


def render_batch(
    views: Views,
    target: Target,
    *,
    source: TemplateSource,
    workers: int | None = None,
    chunk_size: int = CHUNK_SIZE,
    progress: Progress | None = None,
) -> BatchResult:
    """Write the handouts of `views` to `target`; a Failure, or a handout that cannot be
    rendered, is reported in the result and the others are still written.

    Views are taken a chunk at a time, as the workers need them: a few chunks ahead of the
    one being written, never all of them.
    """
    started = time.perf_counter()
    target.check_writable()
    result = BatchResult()
    total = len(views)
    taken: Iterator[HandoutView | Failure] = iter(views)
    if target.kind == OutputKind.FILE and target.format == Format.HTML:
        taken = _at_most_one_handout(taken)
    done = 0
    if progress:
        progress(done, total)

    def failed(failure: Failure) -> None:
        nonlocal done
        result.failures.append(failure)
        done += 1
        if progress:
            progress(done, total)

    # At least two chunks per worker, so a small batch still keeps every worker busy.
    count = workers or os.cpu_count() or 1
    size = max(1, min(chunk_size, -(-total // (2 * count))))
    chunks = _chunks(taken, size, failed)
    split = target.kind != OutputKind.FILE
    with ExitStack() as stack:
        sink, finish = _sink(stack, target, result)
        for chunk in _render_chunks(chunks, -(-total // size), source, target.format, split, count):
            sink(chunk)
            result.failures.extend(chunk.failures)
            done += len(chunk.made) + len(chunk.failures)
            if progress:
                progress(done, total)
        finish()
    result.seconds = time.perf_counter() - started
    return result


def _at_most_one_handout(
    views: Iterator[HandoutView | Failure],
) -> Iterator[HandoutView | Failure]:
    """`views`, once it is known that at most one of them is a handout (one HTML file holds
    one): all read ahead, before any is rendered, unless a second handout stops it first."""
    ahead: list[HandoutView | Failure] = []
    handouts = 0
    for view in views:
        ahead.append(view)
        handouts += isinstance(view, HandoutView)
        if handouts > 1:
            raise ValidationError(
                "output", None, "several HTML handouts need a folder (DIR/) or a .zip file"
            )
    return iter(ahead)


def _chunks(
    views: Iterator[HandoutView | Failure], size: int, failed: Callable[[Failure], None]
) -> Iterator[list[HandoutView]]:
    """The handouts of `views` in chunks of `size`, taken as each chunk is asked for; each
    Failure met on the way goes to `failed`."""
    chunk: list[HandoutView] = []
    for view in views:
        if isinstance(view, Failure):
            failed(view)
            continue
        chunk.append(view)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _render_chunks(
    chunks: Iterator[list[HandoutView]],
    expected: int,
    source: TemplateSource,
    format: Format,
    split: bool,
    workers: int,
) -> Iterator[_Chunk]:
    """The chunks rendered in order: in this process for one chunk (or one worker), else in
    worker processes, to which each chunk goes as soon as it is taken from `chunks`."""
    first = next(chunks, None)
    if first is None:
        return
    tasks = ((chunk, format, split) for chunk in itertools.chain([first], chunks))
    count = min(workers, expected)
    if count <= 1:
        _start_worker(source, first[0])
        yield from map(_render_chunk, tasks)
        return
    with _pool(count, source, first[0]) as pool:
        yield from _in_order(pool, tasks, AHEAD_PER_WORKER * count)


def _in_order(
    pool: Pool, tasks: Iterator[tuple[list[HandoutView], Format, bool]], ahead: int
) -> Iterator[_Chunk]:
    """The rendered chunks of `tasks`, in order, with at most `ahead` chunks given to the
    workers and not yet written.

    Chunks are taken from `tasks` (and so prepared, in this thread, where the caller's
    database session lives) only to keep that many in hand: while the workers lay out the
    first ones the next are prepared, and the rest are not prepared yet.
    """
    given: deque[AsyncResult[_Chunk]] = deque()
    for task in tasks:
        given.append(pool.apply_async(_render_chunk, (task,)))
        if len(given) >= ahead:
            yield given.popleft().get()
    while given:
        yield given.popleft().get()


def _pool(count: int, source: TemplateSource, sample: HandoutView) -> Pool:
    """Worker processes with a renderer each.

    A single-threaded caller (the command line) forks workers from a renderer it has
    warmed up itself, so they start at once with fonts loaded and the stylesheet compiled.
    Forking a process that runs other threads (a web server) is unsafe, so such callers get
    workers from a clean server process instead.
    """
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        _start_worker(source, sample)
        # Frozen objects are never collected in the children, so a child cannot finalise
        # (and so close) anything it merely inherited, such as a database connection.
        gc.freeze()
        try:
            return multiprocessing.get_context("fork").Pool(count)
        finally:
            gc.unfreeze()
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["recruiter_kit.handouts.batch"])
    return context.Pool(count, initializer=_start_worker, initargs=(source, sample))


_renderer: Renderer | None = None


def _start_worker(source: TemplateSource, sample: HandoutView | None) -> None:
    """Give this process a new renderer for the batch (one font configuration, one
    stylesheet, the templates as they are now), warmed up with `sample`'s stylesheet so its
    fonts are loaded once, here."""
    global _renderer
    _renderer = Renderer(source)
    if sample is not None:
        _renderer.warm(sample)


def _render_chunk(task: tuple[list[HandoutView], Format, bool]) -> _Chunk:
    views, format, split = task
    renderer = _renderer
    assert renderer is not None
    if format == Format.HTML:
        files, made, failures = [], [], []
        for view in views:
            try:
                page = renderer.templates.preview(view)
            except Exception as error:  # one broken record must not stop the batch
                failures.append(_failure(view, error))
                continue
            files.append((f"{safe_name(view.file_stem)}.html", page.encode()))
            made.append((view, 0))
        return _Chunk(None, files, made, failures)
    laid, failures = [], []
    for view in views:
        try:
            laid.append(renderer.lay_out(view))
        except Exception as error:  # one broken record must not stop the batch
            failures.append(_failure(view, error))
    if not laid:
        return _Chunk(None, [], [], failures)
    try:
        pdf = renderer.write(laid)
    except Exception as error:
        return _Chunk(None, [], [], failures + [_failure(item.view, error) for item in laid])
    made = [(item.view, item.pages) for item in laid]
    if not split:
        return _Chunk(pdf, [], made, failures)
    parts = split_pdf(pdf, [item.pages for item in laid])
    names = [f"{safe_name(item.view.file_stem)}.pdf" for item in laid]
    return _Chunk(None, list(zip(names, parts, strict=True)), made, failures)


def _failure(view: HandoutView, error: Exception) -> Failure:
    return Failure(
        view.interview_ref,
        view.candidate_ref,
        f"interview {view.interview_ref}: cannot render the handout: {error}",
    )


def _nothing() -> None:
    pass


def _sink(
    stack: ExitStack, target: Target, result: BatchResult
) -> tuple[Callable[[_Chunk], None], Callable[[], None]]:
    """(take a rendered chunk to the output, finish the output once all chunks are in).

    Files opened on `stack` are removed, not completed, if the batch stops with an error.
    """
    if target.kind == OutputKind.FOLDER:
        target.path.mkdir(exist_ok=True)

        def to_folder(chunk: _Chunk) -> None:
            for name, content in chunk.files:
                path = target.path / name
                with atomic_output(path, "wb") as stream:
                    stream.write(content)
                result.files.append(path)
            _count(result, chunk)

        return to_folder, _nothing
    if target.kind == OutputKind.ZIP:
        archive: list[zipfile.ZipFile] = []  # opened with the first handout made

        def to_zip(chunk: _Chunk) -> None:
            if chunk.files and not archive:
                stream = stack.enter_context(atomic_output(target.path, "wb"))
                archive.append(stack.enter_context(zipfile.ZipFile(stream, "w")))
                result.files.append(target.path)
            for name, content in chunk.files:
                archive[0].writestr(name, content)
            _count(result, chunk)

        return to_zip, _nothing
    if target.format == Format.HTML:

        def to_html(chunk: _Chunk) -> None:
            for _name, content in chunk.files:
                with atomic_output(target.path, "wb") as stream:
                    stream.write(content)
                result.files.append(target.path)
            _count(result, chunk)

        return to_html, _nothing
    combined: list[CombinedPdf] = []  # opened with the first handout made

    def to_combined(chunk: _Chunk) -> None:
        if chunk.pdf is not None:
            if not combined:
                stream = stack.enter_context(atomic_output(target.path, "wb"))
                combined.append(CombinedPdf(cast(BinaryIO, stream)))
                result.files.append(target.path)
            combined[0].add(
                chunk.pdf,
                [(f"{view.candidate_name} · {view.company}", pages) for view, pages in chunk.made],
            )
        _count(result, chunk)

    def finish() -> None:
        if combined:
            combined[0].finish()

    return to_combined, finish


def _count(result: BatchResult, chunk: _Chunk) -> None:
    result.handouts += len(chunk.made)
    result.pages += sum(pages for _view, pages in chunk.made)
