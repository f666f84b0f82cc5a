import csv
import io

import pytest
from sqlalchemy import func, select

from recruiter_kit.enums import Stage
from recruiter_kit.errors import ValidationError
from recruiter_kit.models import Base, Candidate, HistoryEntry, Interview
from recruiter_kit.services.csv_io import (
    CANDIDATE_COLUMNS,
    INTERVIEW_COLUMNS,
    export_csv,
    import_csv,
)
from recruiter_kit.services.interchange import FORMAT, import_document
from recruiter_kit.services.users import add_user

HEADER = ",".join(CANDIDATE_COLUMNS)


def csv_text(*lines):
    return io.StringIO("\r\n".join(lines) + "\r\n", newline="")


def snapshot(session):
    return {
        table.name: session.execute(select(table).order_by(*table.primary_key.columns)).all()
        for table in Base.metadata.sorted_tables
    }


@pytest.fixture
def agency(session):
    add_user(session, "kdennis@agency.example", name="Keeley Dennis")
    session.commit()
    return session


def test_import_creates_candidates_from_rows(agency):
    summary = import_csv(
        agency,
        csv_text(
            HEADER,
            'c01,Ada Park,ada@example.com,+1 402 555 0101,"12 Elm St\nLincoln",America/Chicago,'
            "kdennis@agency.example,interviewing,,false",
            "c02,Ben Ortiz,,,,,,,,",
        ),
        changed_by="kdennis",
    )
    agency.commit()

    assert (summary.candidates.created, summary.candidates.updated) == (2, 0)
    ada = agency.scalar(select(Candidate).where(Candidate.ref == "c01"))
    assert (ada.name, ada.phone, ada.timezone) == ("Ada Park", "+1 402 555 0101", "America/Chicago")
    assert ada.mailing_address == "12 Elm St\nLincoln" and ada.notes is None
    assert ada.recruiter.email == "kdennis@agency.example" and ada.stage is Stage.INTERVIEWING
    ben = agency.scalar(select(Candidate).where(Candidate.ref == "c02"))
    assert (ben.stage, ben.archived, ben.email) == (Stage.SOURCED, False, None)
    history = agency.execute(
        select(HistoryEntry.to_value, HistoryEntry.changed_by).where(
            HistoryEntry.candidate_id.is_not(None)  # not the accounts the fixture added
        )
    ).all()
    assert sorted(history) == [("interviewing", "kdennis"), ("sourced", "kdennis")]


def test_only_ref_and_name_are_required_and_missing_columns_keep_values(agency):
    import_csv(
        agency,
        csv_text(HEADER, "c01,Ada Park,ada@example.com,,,America/Chicago,,offer,Notes,true"),
    )
    agency.commit()

    summary = import_csv(agency, csv_text("name,ref", "Ada Park-Lee,c01"))
    agency.commit()

    assert summary.candidates.updated == 1
    row = agency.execute(
        select(
            Candidate.name,
            Candidate.email,
            Candidate.stage,
            Candidate.archived,
            Candidate.version_id,
        )
    ).one()
    assert row == ("Ada Park-Lee", "ada@example.com", Stage.OFFER, True, 2)


def test_import_leaves_interviews_alone(agency):
    import_document(
        agency,
        {
            "format": FORMAT,
            "candidates": [
                {
                    "ref": "c01",
                    "name": "Ada Park",
                    "interviews": [
                        {
                            "ref": "i01",
                            "company": "Acme Corp",
                            "position": "Account Manager",
                            "starts_at": "2026-03-02T10:00:00-06:00",
                        }
                    ],
                }
            ],
        },
    )
    agency.commit()

    summary = import_csv(agency, csv_text("ref,name,stage", "c01,Ada Park,offer"))
    agency.commit()

    assert summary.interviews.total == 0
    assert agency.scalar(select(func.count()).select_from(Interview)) == 1


def test_importing_the_same_csv_twice_changes_nothing(agency):
    text = HEADER + "\r\nc01,Ada Park,ada@example.com,,,,kdennis@agency.example,screening,,\r\n"
    import_csv(agency, io.StringIO(text, newline=""))
    agency.commit()
    before = snapshot(agency)

    summary = import_csv(agency, io.StringIO(text, newline=""))
    agency.commit()

    assert summary.candidates.unchanged == 1 and not summary.changed
    assert snapshot(agency) == before


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            [HEADER, "c01,Ada,,,,,,,,", "c02,Ben,,,,,,,,", "c07,Cy,,,,Mars/Base,,,,"],
            "line 4 (candidate c07): field 'timezone': unknown time zone 'Mars/Base'",
        ),
        (["ref,name,adress", "c01,Ada,12 Elm"], "line 1: field 'adress': unknown column 'adress'"),
        (["ref,email", "c01,ada@example.com"], "line 1: field 'name': required column 'name'"),
        (
            ["ref,name", "c01,Ada", "c01,Ada again"],
            "line 3 (candidate c01): field 'ref': duplicate",
        ),
        (["ref,name", ",Ada"], "line 2: field 'ref': is required"),
        (["ref,name", "c01,"], "line 2 (candidate c01): field 'name': is required"),
        (["ref,name,stage", "c01,Ada,hired"], "line 2 (candidate c01): field 'stage': 'hired'"),
        (["ref,name,archived", "c01,Ada,maybe"], "field 'archived': expected true or false"),
        (["ref,name,recruiter", "c01,Ada,x@agency.example"], "field 'recruiter': no user"),
        (["ref,name", "c01,Ada,extra"], "line 2: 3 cells but the header has 2"),
        ([], "line 1: no header row"),
    ],
    ids=[
        "time-zone",
        "unknown-column",
        "missing-column",
        "duplicate-ref",
        "missing-ref",
        "missing-name",
        "bad-stage",
        "bad-boolean",
        "unknown-recruiter",
        "extra-cell",
        "empty-file",
    ],
)
def test_invalid_csv_is_rejected_whole(agency, lines, message):
    import_csv(agency, csv_text(HEADER, "c01,Ada Park,,,,,,,,"))
    agency.commit()
    before = snapshot(agency)
    text = io.StringIO("\n".join(lines), newline="")

    with pytest.raises(ValidationError) as raised:
        import_csv(agency, text)

    assert message in str(raised.value)
    agency.commit()
    assert snapshot(agency) == before


def test_multi_line_cells_count_from_the_line_the_row_starts_on(agency):
    text = csv_text("ref,name,notes", 'c01,Ada,"two\nlines"', "c02,Ben,", "c03,Cy,x,y")
    with pytest.raises(ValidationError, match=r"^line 5: 4 cells"):
        import_csv(agency, text)


def test_export_neutralises_spreadsheet_formulas(agency):
    import_csv(
        agency,
        csv_text(
            "ref,name,phone,notes",
            'c01,"=HYPERLINK(""http://evil.example"",""click"")",+1 402 555 0101,@SUM(A1)',
        ),
    )
    stream = io.StringIO()

    export_csv(agency, stream, "candidates")

    rows = list(csv.reader(io.StringIO(stream.getvalue())))
    assert rows[0] == list(CANDIDATE_COLUMNS)
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["name"] == '\'=HYPERLINK("http://evil.example","click")'
    assert cells["phone"] == "'+1 402 555 0101"
    assert cells["notes"] == "'@SUM(A1)"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_csv_export_imports_back_unchanged(agency):
    import_csv(
        agency,
        csv_text(
            HEADER,
            'c01,"=cmd|\' /C calc\'!A0",ada@example.com,+1 402 555 0101,"1 Elm\nLincoln",'
            "America/Chicago,kdennis@agency.example,offer,-note,true",
            'c02,Ben Ortiz,,,,,,,"Says ""hi""",',
        ),
    )
    agency.commit()
    first = io.StringIO()
    export_csv(agency, first, "candidates")
    before = snapshot(agency)

    summary = import_csv(agency, io.StringIO(first.getvalue(), newline=""))
    agency.commit()

    assert summary.candidates.unchanged == 2 and not summary.changed
    assert snapshot(agency) == before
    name = agency.scalar(select(Candidate.name).where(Candidate.ref == "c01"))
    assert name == "=cmd|' /C calc'!A0"

    agency.execute(HistoryEntry.__table__.delete())
    agency.execute(Candidate.__table__.delete())
    agency.commit()
    summary = import_csv(agency, io.StringIO(first.getvalue(), newline=""))
    agency.commit()
    second = io.StringIO()
    export_csv(agency, second, "candidates")
    assert summary.candidates.created == 2
    assert second.getvalue() == first.getvalue()


def test_import_accepts_bytes_with_a_byte_order_mark(agency):
    data = "\ufeffref,name\r\nc01,Zoë\r\n".encode()
    import_csv(agency, io.BytesIO(data))
    assert agency.scalar(select(Candidate.name)) == "Zoë"


def test_interviews_export_shows_local_times_and_safe_cells(agency):
    import_document(
        agency,
        {
            "format": FORMAT,
            "candidates": [
                {
                    "ref": "c01",
                    "name": "Ada Park",
                    "timezone": "America/New_York",
                    "interviews": [
                        {
                            "ref": "i02",
                            "company": "-Acme Corp",
                            "position": "Account Manager",
                            "round": 2,
                            "starts_at": "2026-03-09T15:00:00Z",
                            "outcome": "offer",
                            "outcome_at": "2026-03-12T15:00:00Z",
                            "timeline_asked": True,
                            "decision_by": "2026-03-13",
                        },
                        {
                            "ref": "i01",
                            "company": "Acme Corp",
                            "position": "Account Manager",
                            "starts_at": "2026-03-02T15:00:00Z",
                            "ends_at": "2026-03-02T15:45:00Z",
                            "format": "video",
                            "contact_preference": "email",
                        },
                    ],
                },
                {
                    "ref": "c00",
                    "name": "No Zone",
                    "interviews": [
                        {
                            "ref": "i00",
                            "company": "Globex",
                            "position": "Analyst",
                            "starts_at": "2026-03-02T15:00:00Z",
                        }
                    ],
                },
            ],
        },
    )
    stream = io.StringIO()

    assert export_csv(agency, stream, "interviews") == 3

    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert list(rows[0]) == list(INTERVIEW_COLUMNS)
    assert [(row["candidate_ref"], row["interview_ref"]) for row in rows] == [
        ("c00", "i00"),
        ("c01", "i01"),
        ("c01", "i02"),
    ]
    assert rows[0]["starts_at"] == "2026-03-02T09:00:00-06:00"  # default zone: Chicago
    assert rows[1] == {
        "candidate_ref": "c01",
        "interview_ref": "i01",
        "company": "Acme Corp",
        "position": "Account Manager",
        "round": "1",
        "format": "video",
        "starts_at": "2026-03-02T10:00:00-05:00",
        "ends_at": "2026-03-02T10:45:00-05:00",
        "decision_by": "",
        "timeline_asked": "false",
        "contact_preference": "email",
        "outcome": "pending",
        "outcome_at": "",
        "notes": "",
    }
    assert rows[2]["company"] == "'-Acme Corp"
    assert rows[2]["starts_at"] == "2026-03-09T11:00:00-04:00"  # daylight saving time
    assert (rows[2]["outcome"], rows[2]["timeline_asked"]) == ("offer", "true")
    assert (rows[2]["decision_by"], rows[2]["round"]) == ("2026-03-13", "2")


@pytest.fixture
def interviewing(agency):
    """Candidates c01 and c02, each with one interview (i01 and i02)."""
    import_document(
        agency,
        {
            "format": FORMAT,
            "candidates": [
                {
                    "ref": ref,
                    "name": name,
                    "interviews": [
                        {
                            "ref": interview,
                            "company": "Acme Corp",
                            "position": "Account Manager",
                            "starts_at": "2026-03-02T15:00:00Z",
                        }
                    ],
                }
                for ref, name, interview in [("c01", "Ada", "i01"), ("c02", "Ben", "i02")]
            ],
        },
    )
    agency.commit()
    return agency


INTERVIEWS_HEADER = "candidate_ref,interview_ref,company,position,starts_at"
MESSAGES_HEADER = "candidate_ref,interview_ref,communication_ref,kind,at"


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            [INTERVIEWS_HEADER, f"c01,{'i' * 65},Acme Corp,AM,2026-03-09T15:00:00Z"],
            "field 'interview_ref': is 65 characters long; the limit is 64",
        ),
        (
            [INTERVIEWS_HEADER, "c01,,Acme Corp,AM,2026-03-09T15:00:00Z"],
            "line 2: field 'interview_ref': is required",
        ),
        (
            [INTERVIEWS_HEADER, "c01,i02,Acme Corp,AM,2026-03-09T15:00:00Z"],
            "line 2 (interview i02): field 'interview_ref': interview i02 belongs to another",
        ),
        (
            [
                INTERVIEWS_HEADER,
                "c01,i03,Acme Corp,AM,2026-03-09T15:00:00Z",
                "c01,i03,Acme Corp,AM,2026-03-10T15:00:00Z",
            ],
            "line 3 (interview i03): field 'interview_ref': duplicate ref 'i03'",
        ),
        (
            [MESSAGES_HEADER, f"c01,i01,{'m' * 65},thank_you_email,2026-03-02T18:00:00Z"],
            "field 'communication_ref': is 65 characters long; the limit is 64",
        ),
        (
            [
                MESSAGES_HEADER,
                "c01,i01,m1,thank_you_email,2026-03-02T18:00:00Z",
                "c01,i01,m1,thank_you_email,2026-03-02T19:00:00Z",
            ],
            "line 3 (communication m1): field 'communication_ref': duplicate ref 'm1'",
        ),
        (
            [MESSAGES_HEADER, "c01,i02,,thank_you_email,2026-03-02T18:00:00Z"],
            "line 2: field 'interview_ref': interview i02 belongs to another candidate",
        ),
    ],
    ids=[
        "long-interview-ref",
        "missing-interview-ref",
        "interview-of-another-candidate",
        "duplicate-interview-ref",
        "long-communication-ref",
        "duplicate-communication-ref",
        "communication-under-another-candidates-interview",
    ],
)
def test_csv_problems_name_the_ref_column_as_the_header_has_it(interviewing, lines, message):
    before = snapshot(interviewing)

    with pytest.raises(ValidationError) as raised:
        import_csv(interviewing, csv_text(*lines))

    assert message in str(raised.value)
    assert "field 'ref'" not in str(raised.value)
    interviewing.rollback()
    assert snapshot(interviewing) == before


def test_identical_unnamed_communications_are_refused_in_csv_as_in_json(interviewing):
    """Without refs, two rows of one kind and time would be stored as one."""
    row = "c01,i01,thank_you_email,2026-03-02T18:00:00Z"
    same_moment = "c01,i01,thank_you_email,2026-03-02T13:00:00-05:00"
    before = snapshot(interviewing)

    with pytest.raises(ValidationError) as from_csv:
        import_csv(interviewing, csv_text("candidate_ref,interview_ref,kind,at", row, same_moment))
    interviewing.rollback()
    with pytest.raises(ValidationError) as from_json:
        import_document(
            interviewing,
            {
                "format": FORMAT,
                "candidates": [
                    {
                        "ref": "c01",
                        "name": "Ada",
                        "interviews": [
                            {
                                "ref": "i01",
                                "company": "Acme Corp",
                                "position": "Account Manager",
                                "starts_at": "2026-03-02T15:00:00Z",
                                "communications": [
                                    {"kind": "thank_you_email", "at": "2026-03-02T18:00:00Z"},
                                    {"kind": "thank_you_email", "at": "2026-03-02T18:00:00Z"},
                                ],
                            }
                        ],
                    }
                ],
            },
        )
    interviewing.rollback()

    assert str(from_csv.value) == (
        "line 3: field 'at': same kind and time as line 2: give each a ref, or drop one"
    )
    assert str(from_json.value).endswith(
        "field 'at': same kind and time as candidate c01, interview i01, communication 1: "
        "give each a ref, or drop one"
    )
    assert snapshot(interviewing) == before
    # Rows of other interviews, or of another kind, are not duplicates.
    summary = import_csv(
        interviewing,
        csv_text(
            "candidate_ref,interview_ref,kind,at",
            row,
            "c02,i02,thank_you_email,2026-03-02T18:00:00Z",
            "c01,i01,follow_up,2026-03-02T18:00:00Z",
        ),
    )
    assert summary.communications.created == 3
