"""Text for terminals: nothing a name holds can act on the terminal."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from recruiter_kit.cli.output import terminal_text


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
