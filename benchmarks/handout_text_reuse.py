"""How much of a handout's layout a cache of WeasyPrint's line breaking could save at most.

    python benchmarks/handout_text_reuse.py --handouts 100

Every handout repeats the same guidance text, so a worker breaks the same runs of text, in
the same font and width, again and again. This lays out the first N demo handouts with one
renderer, as a batch worker does, and times every call of WeasyPrint's `split_first_line`
(the line breaking and shaping of one run of text), counting separately the calls whose
inputs (text, font, width and the other arguments) the same process has already seen: what
a perfect cache could skip, an upper bound of its gain. The first handouts fill the table;
the others are counted. It reads WeasyPrint's internals, so it checks the version first.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import weasyprint
import weasyprint.layout.inline
import weasyprint.layout.preferred
from weasyprint.text import line_break

sys.path.insert(0, str(Path(__file__).parent))
from handouts import AS_OF, load_agency

from recruiter_kit.db import create_db_engine, session_factory
from recruiter_kit.handouts import HandoutSelection, HandoutView, TemplateSource, prepare
from recruiter_kit.handouts.pdf import Renderer

WARM_UP = 5  # handouts laid out before counting, to fill the table of inputs seen
TESTED = ("70.",)  # WeasyPrint versions whose split_first_line this wraps


class Timed:
    """`split_first_line` timed: all calls, and the calls on inputs already seen."""

    def __init__(self, real: Callable[..., Any]) -> None:
        self.real = real
        self.seen: set[tuple[Any, ...]] = set()
        self.calls = self.repeated_calls = 0
        self.seconds = self.repeated_seconds = 0.0

    def __call__(self, text: str, style: Any, context: Any, *args: Any, **kwargs: Any) -> Any:
        key = (
            text,
            line_break._font_style_cache_key(style, include_size=True),
            style["white_space"],
            str(style["lang"]),
            str(style["hyphens"]),
            style["letter_spacing"],
            style["word_spacing"],
            *args,
            *sorted(kwargs.items()),
        )
        started = time.process_time()
        result = self.real(text, style, context, *args, **kwargs)
        spent = time.process_time() - started
        self.calls += 1
        self.seconds += spent
        if key in self.seen:
            self.repeated_calls += 1
            self.repeated_seconds += spent
        self.seen.add(key)
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--handouts", type=int, default=100)
    args = parser.parse_args()
    if not weasyprint.__version__.startswith(TESTED):
        raise SystemExit(f"written for WeasyPrint {TESTED}, not {weasyprint.__version__}")
    with tempfile.TemporaryDirectory() as tmp:
        url, refs = load_agency(Path(tmp) / "agency.sqlite", args.handouts + WARM_UP)
        engine = create_db_engine(url)
        with session_factory(engine)() as session:
            views = [
                view
                for view in prepare(session, HandoutSelection(interviews=tuple(refs)), AS_OF)
                if isinstance(view, HandoutView)
            ]
        engine.dispose()
    renderer = Renderer(TemplateSource())
    timed = Timed(line_break.split_first_line)
    weasyprint.layout.inline.split_first_line = timed
    weasyprint.layout.preferred.split_first_line = timed
    for view in views[:WARM_UP]:
        renderer.lay_out(view)
    timed.calls = timed.repeated_calls = 0
    timed.seconds = timed.repeated_seconds = 0.0
    started = time.process_time()
    for view in views[WARM_UP:]:
        renderer.lay_out(view)
    layout = time.process_time() - started
    count = len(views) - WARM_UP
    one, five, _fifteen = os.getloadavg()
    print(f"{count} handouts laid out, load average {one:.1f} (1 min), {five:.1f} (5 min)")
    print(f"  layout: {1000 * layout / count:.1f} ms CPU a handout")
    print(
        f"  split_first_line: {timed.calls / count:.0f} calls, "
        f"{1000 * timed.seconds / count:.1f} ms a handout ({timed.seconds / layout:.0%} of layout)"
    )
    print(
        f"  of which on inputs already seen: {timed.repeated_calls / count:.0f} calls, "
        f"{1000 * timed.repeated_seconds / count:.1f} ms a handout "
        f"({timed.repeated_seconds / layout:.0%} of layout: the most a cache could save)"
    )


if __name__ == "__main__":
    main()
