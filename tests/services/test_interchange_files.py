"""Reading files: encodings, hostile JSON, the problem cap, and reading only what a file names."""

import codecs
import io
import json

import pytest
from sqlalchemy import event, select

from recruiter_kit.errors import ValidationError
from recruiter_kit.models import Candidate
from recruiter_kit.services.csv_io import import_csv
from recruiter_kit.services.interchange import (
    FORMAT,
    DocumentError,
    import_document,
    load_document,
)
from recruiter_kit.services.interchange.document import MAX_PROBLEMS, decode_text

DOCUMENT = {"format": FORMAT, "candidates": [{"ref": "c01", "name": "Zoë Ångström"}]}
TEXT = json.dumps(DOCUMENT, ensure_ascii=False)


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_utf8_and_utf16_with_a_byte_order_mark_are_read(data):
    assert load_document(data) == DOCUMENT


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (TEXT.encode("cp1252"), "not UTF-8 text: byte 0xeb on line 1 cannot be decoded"),
        (TEXT.encode("utf-16-le"), "NUL bytes"),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "UTF-32 text is not read"),
        (b'{"name": "\xff\xfe"}', "not UTF-8 text"),
    ],
    ids=["cp1252", "utf-16-without-bom", "utf-32", "invalid-utf-8"],
)
def test_other_encodings_are_refused_saying_how_to_fix_the_file(data, message):
    with pytest.raises(ValidationError) as raised:
        load_document(data)
    assert message in str(raised.value)
    assert "save it as UTF-8" in str(raised.value)


def test_a_named_encoding_reads_a_windows_file():
    assert load_document(TEXT.encode("cp1252"), encoding="cp1252") == DOCUMENT
    with pytest.raises(ValidationError, match="unknown encoding 'klingon'"):
        decode_text(b"x", "klingon")
    with pytest.raises(ValidationError, match="not utf-8 text: byte 0xeb on line 2"):
        decode_text(b"ok\n\xeb", "utf-8")


# ---------------------------------------------------------------- hostile JSON


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"format": "recruiter-kit/1", "x": ' + "9" * 5000 + "}", "a number of 5000 digits"),
        ('{"format": "recruiter-kit/1", "x": NaN}', "NaN is not a number JSON allows"),
        ('{"format": "recruiter-kit/1", "x": -Infinity}', "-Infinity is not a number JSON"),
        ('{"format": "recruiter-kit/1", "x": 1e999}', "the number 1e999 is too large"),
        (
            '{"format": "recruiter-kit/1", '
            '"candidates": [{"ref": "c01", "name": "A", "name": "B"}]}',
            "the key 'name' appears twice in one object (the object with ref 'c01')",
        ),
    ],
    ids=["deep", "long-number", "nan", "infinity", "huge-float", "duplicate-key"],
)
def test_hostile_json_is_one_clear_line(text, message):
    with pytest.raises(ValidationError) as raised:
        load_document(text)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


# ---------------------------------------------------------------- the problem cap


def test_problems_found_against_stored_data_obey_the_cap(session):
    document = {
        "format": FORMAT,
        "candidates": [
            {"ref": f"c{n}", "name": "X", "recruiter": f"nobody{n}@agency.example"}
            for n in range(5000)
        ],
    }
    with pytest.raises(DocumentError) as raised:
        import_document(session, document)
    assert len(raised.value.problems) == MAX_PROBLEMS
    lines = str(raised.value).splitlines()
    assert len(lines) == MAX_PROBLEMS + 1  # the first problem, "(49+ more ...)", 49 problems
    assert lines[1] == f"({MAX_PROBLEMS - 1}+ more problems:)"


# ---------------------------------------------------------------- reading what the file names


def test_a_small_import_reads_only_the_rows_the_file_names(session):
    big = {
        "format": FORMAT,
        "recruiters": [{"email": "kdennis@agency.example"}],
        "candidates": [
            {
                "ref": f"c{n:03d}",
                "name": f"Person {n}",
                "recruiter": "kdennis@agency.example",
                "interviews": [
                    {
                        "ref": f"i{n:03d}",
                        "company": f"Company {n % 7}",
                        "position": "Analyst",
                        "starts_at": "2026-03-02T10:00:00-06:00",
                        "interviewers": [{"name": f"Boss {n % 7}"}],
                        "communications": [
                            {"kind": "thank_you_email", "at": "2026-03-02T16:00:00-06:00"}
                        ],
                    }
                ],
            }
            for n in range(300)
        ],
    }
    import_document(session, big)
    session.commit()
    small = {"format": FORMAT, "candidates": [big["candidates"][5], big["candidates"][6]]}
    small["candidates"][0]["interviews"][0]["communications"].append(
        {"kind": "follow_up", "channel": "email", "at": "2026-03-09T09:00:00-05:00"}
    )
    fetched = []

    def record(_conn, _cursor, statement, _parameters, _context, _many):
        fetched.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", record)
    try:
        summary = import_document(session, small)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    session.commit()

    assert summary.communications.created == 1 and summary.candidates.unchanged == 2
    selects = [s for s in fetched if s.lstrip().upper().startswith("SELECT")]
    for statement in selects:
        if "ref_counters" in statement or "policy_settings" in statement:
            continue
        if statement.upper().startswith("SELECT EXISTS"):  # is the agency empty? one row at most
            continue
        assert " IN (" in statement.upper(), statement


# ---------------------------------------------------------------- CSV


def csv_bytes(*lines):
    return io.BytesIO(("\r\n".join(lines) + "\r\n").encode())


def test_a_short_csv_row_is_refused_and_blanks_nothing(session):
    import_csv(
        session, csv_bytes("ref,name,email,timezone", "c01,Ada,ada@example.com,America/Chicago")
    )
    session.commit()
    with pytest.raises(DocumentError) as raised:
        import_csv(session, csv_bytes("ref,name,email,timezone", "c02,Ben,,", "c01,Ada Park"))
    assert str(raised.value).startswith("line 3: 2 cells but the header has 4 columns")
    session.rollback()
    row = session.execute(select(Candidate.email, Candidate.timezone)).one()
    assert row == ("ada@example.com", "America/Chicago")


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            ["ref,name", "c01,Ada", 'c02,"Ben', "c03,Cy", "c04,Dee"],
            "line 3: not valid CSV: a quoted cell is never closed",
        ),
        (["ref,name", "c01,Ada", 'c02,"Ben" Ortiz'], "line 3: not valid CSV: ',' expected"),
    ],
    ids=["unterminated-quote", "text-after-quote"],
)
def test_broken_csv_quoting_is_refused_whole(session, lines, message):
    with pytest.raises(DocumentError) as raised:
        import_csv(session, csv_bytes(*lines))
    assert str(raised.value).startswith(message)
    session.rollback()
    assert session.scalar(select(Candidate.id)) is None


def test_csv_in_a_windows_encoding_is_refused_or_read_when_named(session):
    data = "ref,name\r\nc01,Zoë\r\n".encode("cp1252")
    with pytest.raises(ValidationError, match="--encoding cp1252"):
        import_csv(session, io.BytesIO(data))
    import_csv(session, io.BytesIO(data), encoding="cp1252")
    assert session.scalar(select(Candidate.name)) == "Zoë"
