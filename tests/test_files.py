"""Output files are replaced whole or not at all."""

import os
import stat

import pytest

from recruiter_kit.files import atomic_output


def _leftovers(folder):
    return sorted(path.name for path in folder.iterdir() if path.name.startswith("."))


def test_the_new_content_replaces_the_old_in_one_piece(tmp_path):
    target = tmp_path / "agency.json"
    target.write_text("old")
    with atomic_output(target) as stream:
        stream.write("new ✓")
        assert target.read_text() == "old"  # untouched until the block ends
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert _leftovers(tmp_path) == []


def test_an_error_leaves_the_old_file_byte_for_byte(tmp_path):
    target = tmp_path / "agency.json"
    target.write_bytes(b"\x00old backup\xff")
    with pytest.raises(RuntimeError), atomic_output(target) as stream:
        stream.write("half a document")
        raise RuntimeError("export failed")
    assert target.read_bytes() == b"\x00old backup\xff"
    assert _leftovers(tmp_path) == []


def test_an_error_creates_no_file_where_there_was_none(tmp_path):
    with pytest.raises(RuntimeError), atomic_output(tmp_path / "new.csv") as stream:
        stream.write("a,b\n")
        raise RuntimeError
    assert list(tmp_path.iterdir()) == []


def test_binary_files_are_written_as_given(tmp_path):
    target = tmp_path / "handout.pdf"
    with atomic_output(target, "wb") as stream:
        stream.write(b"%PDF-1.7\r\n")
    assert target.read_bytes() == b"%PDF-1.7\r\n"


def test_newline_is_passed_through_for_csv(tmp_path):
    target = tmp_path / "table.csv"
    with atomic_output(target, newline="") as stream:
        stream.write("a\r\nb\r\n")
    assert target.read_bytes() == b"a\r\nb\r\n"


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "private.json"
    target.write_text("old")
    target.chmod(0o600)
    with atomic_output(target) as stream:
        stream.write("new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_new_file_gets_the_permissions_open_would_give(tmp_path):
    previous = os.umask(0o027)
    try:
        with atomic_output(tmp_path / "new.json") as stream:
            stream.write("{}")
    finally:
        os.umask(previous)
    # mkstemp alone would have made it 0o600, unreadable for the rest of the team
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640


def test_a_missing_folder_is_an_error_naming_it(tmp_path):
    with pytest.raises(FileNotFoundError), atomic_output(tmp_path / "no" / "x.json"):
        pass
    assert not (tmp_path / "no").exists()
