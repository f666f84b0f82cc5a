import pytest

from recruiter_kit.services.spreadsheet import safe_cell, unsafe_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+1 402 555 0101", "'+1 402 555 0101"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tindented", "'\tindented"),
        ("\rreturn", "'\rreturn"),
        ("Ada Park", "Ada Park"),
        ("a=b", "a=b"),
        ("'quoted", "'quoted"),
        (None, ""),
        (3, "3"),
    ],
)
def test_safe_cell_neutralises_formula_triggers_only(value, cell):
    assert safe_cell(value) == cell


@pytest.mark.parametrize("text", ["=1+1", "+1 402", "-x", "@y", "\tz", "plain", "'quoted", "'"])
def test_unsafe_cell_undoes_safe_cell(text):
    assert unsafe_cell(safe_cell(text)) == text
