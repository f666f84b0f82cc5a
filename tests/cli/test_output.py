"""Text for terminals: nothing a name holds can act on the terminal."""

import contextlib
import io
import os
import shutil
import tempfile
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recruiter_kit.cli import output
from recruiter_kit.cli.output import _cell_texts, terminal_text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Ada Park", "Ada Park"),
        ("Zoë Ŋgata 李", "Zoë Ŋgata 李"),
        ("\x1b[2Jgone", "\\x1b[2Jgone"),
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
        ("\x9b31m", "\\x9b31m"),  # the one-byte C1 form of an escape sequence
        ("a\tb\rc\nd", "a\\tb\\rc\\nd"),
        ("\u202eevil\u202c \u2067x\u2069", "\\u202eevil\\u202c \\u2067x\\u2069"),
        ("line\u2028break", "line\\u2028break"),
        ("\ud800", "\\ud800"),
    ],
)
def test_control_and_bidi_characters_are_shown_escaped(raw, shown):
    assert terminal_text(raw) == shown


def test_multiline_text_keeps_its_line_breaks_only():
    assert terminal_text("1 Main St\nSpringfield\x1b[0m", multiline=True) == (
        "1 Main St\nSpringfield\\x1b[0m"
    )


def test_values_read_naturally():
    chicago = ZoneInfo("America/Chicago")
    assert terminal_text(datetime(2026, 3, 3, 10, 45, tzinfo=chicago)) == "Tue 3 Mar 2026 10:45 CST"
    assert terminal_text(date(2026, 12, 4)) == "Fri 4 Dec 2026"
    assert terminal_text(None) == "" and terminal_text(True) == "yes"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text()), min_size=1, max_size=8))
def test_table_cells_are_escaped_and_on_one_line_whatever_the_row_holds(values):
    # The table checks a whole row at once; it must give what each value alone would.
    assert _cell_texts(values) == [" ".join(terminal_text(value).split()) for value in values]


@pytest.mark.parametrize(
    "values",
    [["a ", "b"], ["a", " b"], ["a", "b  c"], ["a", "b\u3000c"], ["a\x00", "b"], ["\x1b[2J", "x"]],
)
def test_table_cells_that_need_care_get_it(values):
    assert _cell_texts(values) == [" ".join(terminal_text(value).split()) for value in values]


class _Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("columns", [None, 60])  # piped, then a terminal the rows outgrow
def test_rows_held_in_a_file_print_exactly_as_rows_held_in_memory(monkeypatch, columns):
    """Rows wait for every width (aligned lines) or for the layout to be known (a terminal's
    blocks), in memory up to a limit and then in a temporary file: the same text either way."""
    rows = [("due", f"I-{n:06d}", "Zoë Ŋgata 李 " * (n % 3), None) for n in range(2500)]
    rows.append(("violation", "I-wide", "x" * 70, "Send a thank-you email by Tue 3 Mar"))
    rows += rows[:20]
    if columns:
        monkeypatch.setattr(shutil, "get_terminal_size", lambda *_: os.terminal_size((columns, 24)))

    def printed():
        shown = _Terminal() if columns else io.StringIO()
        with contextlib.redirect_stdout(shown):
            output.echo_table(("status", "ref", "name", "action"), iter(rows), heading_columns=2)
        return shown.getvalue()

    in_memory = printed()
    monkeypatch.setattr(output, "_SPOOL_IN_MEMORY", 1000)
    rolled = []
    rollover = tempfile.SpooledTemporaryFile.rollover
    monkeypatch.setattr(
        tempfile.SpooledTemporaryFile, "rollover", lambda f: rolled.append(rollover(f))
    )
    assert printed() == in_memory and rolled
    assert "Send a thank-you email by Tue 3 Mar" in in_memory
    assert ("\n  action  Send" in in_memory) == bool(columns)  # blocks on the terminal
    assert in_memory.count("I-0") == len(rows) - 1


def test_wide_and_combining_characters_keep_the_columns_aligned():
    # 李小龙 takes six columns on a terminal, "Zoë" written with a combining diaeresis three.
    rows = [("李小龙", "after"), ("Zoe\u0308", "after"), ("Ada Park", "after")]
    shown = io.StringIO()
    with contextlib.redirect_stdout(shown):
        output.echo_table(("name", "next"), iter(rows))
    lines = shown.getvalue().splitlines()[1:]
    starts = {output.screen_width(line[: line.index("after")]) for line in lines}
    assert starts == {len("Ada Park") + 2}
    assert output.screen_width("李小龙") == 6 and output.screen_width("Zoe\u0308") == 3
