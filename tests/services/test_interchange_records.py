"""The records declared once: the published schema, and what the strict models refuse."""

import copy
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy import func, select

from recruiter_kit.errors import ValidationError
from recruiter_kit.models import Candidate, Communication, Interview
from recruiter_kit.services.csv_io import (
    COMMUNICATION_COLUMNS,
    INTERVIEW_COLUMNS,
    export_csv,
    import_csv,
)
from recruiter_kit.services.interchange import (
    FORMAT,
    DocumentError,
    export_document,
    import_document,
)
from recruiter_kit.services.interchange.document import MAX_PROBLEMS
from recruiter_kit.services.interchange.records import json_schema, render_json_schema

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "docs" / "interchange.schema.json"


def documented_examples():
    text = (ROOT / "docs" / "interchange.md").read_text(encoding="utf-8")
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)```", text, re.DOTALL)]


def sample():
    return copy.deepcopy(documented_examples()[0])


# ---------------------------------------------------------------- the published schema


def test_the_committed_schema_is_the_generated_one():
    assert SCHEMA.read_text(encoding="utf-8") == render_json_schema(), (
        "docs/interchange.schema.json is stale: run `make docs`"
    )


def test_the_documented_examples_are_valid_against_the_schema():
    examples = documented_examples()
    assert examples, "docs/interchange.md has no JSON example"
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for example in examples:
        jsonschema.validate(example, schema)


@pytest.mark.parametrize(
    ("field", "value"),
    [("adress", "typo"), ("stage", "hired"), ("name", "x" * 201), ("archived", "no")],
)
def test_the_schema_refuses_what_the_import_refuses(session, field, value):
    document = sample()
    document["candidates"][0][field] = value
    assert not jsonschema.Draft202012Validator(json_schema()).is_valid(document)
    with pytest.raises(ValidationError, match=f"candidate c01: field '{field}'"):
        import_document(session, document)


def test_the_documented_example_imports_and_exports_back(session):
    summary = import_document(session, sample(), apply_policy=True)
    session.commit()
    assert summary.candidates.created == 1 and summary.communications.created == 5
    exported = export_document(session)
    jsonschema.validate(exported, json_schema())
    assert import_document(session, exported).changed is False


# ---------------------------------------------------------------- absent, null, value


def test_absent_null_and_value_stay_apart(session):
    import_document(session, sample())
    session.commit()
    document = {
        "format": FORMAT,
        "candidates": [
            # phone absent: kept; email null: cleared; stage null: has a default, so kept
            {"ref": "c01", "name": "Ada Park", "email": None, "stage": None, "notes": "New"}
        ],
    }
    import_document(session, document)
    session.commit()
    row = session.execute(
        select(Candidate.phone, Candidate.email, Candidate.stage, Candidate.notes)
    ).one()
    assert row == ("+1 402 555 0101", None, "interviewing", "New")


# ---------------------------------------------------------------- refused values


def _interview(document):
    return document["candidates"][0]["interviews"][0]


REFUSED = {
    "long-name": (
        lambda d: d["candidates"][0].update(name="x" * 300),
        "candidate c01: field 'name': is 300 characters long; the limit is 200",
    ),
    "long-phone": (
        lambda d: d["candidates"][0].update(phone="5" * 100),
        "candidate c01: field 'phone': is 100 characters long; the limit is 64",
    ),
    "nul-byte": (
        lambda d: d["candidates"][0].update(name="Ada\x00Park"),
        "candidate c01: field 'name': has a NUL character",
    ),
    "lone-surrogate": (
        lambda d: d["candidates"][0].update(notes="bad \ud800"),
        "candidate c01: field 'notes': has an unpaired surrogate",
    ),
    "round-2**31": (
        lambda d: _interview(d).update(round=2**31),
        "candidate c01, interview i01: field 'round': must be from 1 to",
    ),
    "round-as-text": (
        lambda d: _interview(d).update(round="2"),
        "candidate c01, interview i01: field 'round': expected a whole number, got '2'",
    ),
    "year-1": (
        lambda d: _interview(d).update(starts_at="0001-01-01T00:00:00Z"),
        "candidate c01, interview i01: field 'starts_at': 0001-01-01T00:00:00+00:00 is "
        "outside the accepted range",
    ),
    "year-9999": (
        lambda d: _interview(d).update(starts_at="9999-12-31T23:00:00-05:00"),
        "candidate c01, interview i01: field 'starts_at': 9999-12-31T23:00:00-05:00 is outside",
    ),
    "decision-before-interview": (
        lambda d: _interview(d).update(decision_by="2026-03-01"),
        "candidate c01, interview i01: field 'decision_by': 2026-03-01 is before the interview",
    ),
    "thank-you-before-interview": (
        lambda d: _interview(d)["communications"][0].update(at="2026-03-02T09:00:00-06:00"),
        "candidate c01, interview i01, communication 1: field 'at': a thank_you_email cannot "
        "be dated before the interview starts",
    ),
    "policy-fraction": (
        lambda d: d["policy"].update(thank_you_email_hours=1.5),
        "policy: field 'thank_you_email_hours': expected a whole number, got 1.5",
    ),
    "policy-out-of-range": (
        lambda d: d["policy"].update(thank_you_email_hours=99999999999),
        "policy: field 'thank_you_email_hours': must be from 1 to",
    ),
    "policy-text": (
        lambda d: d["policy"].update(thank_you_email_hours="12"),
        "field 'thank_you_email_hours': expected a whole number, got '12'",
    ),
    "candidate-not-an-object": (
        lambda d: d["candidates"].append(7),
        "candidate #2: expected an object, got a number",
    ),
    "interviews-not-a-list": (
        lambda d: d["candidates"][0].update(interviews={"ref": "i9"}),
        "candidate c01: field 'interviews': expected a list, got an object",
    ),
}


@pytest.mark.parametrize(("change", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_refused_values_name_the_record_and_field(session, change, message):
    document = sample()
    change(document)
    with pytest.raises(ValidationError) as raised:
        import_document(session, document, apply_policy=True)
    assert message in str(raised.value)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Candidate)) == 0


def test_every_problem_is_listed_up_to_the_cap(session):
    document = {
        "format": FORMAT,
        "candidates": [{"ref": f"c{n}", "name": "", "stage": "hired"} for n in range(40)],
    }
    with pytest.raises(DocumentError) as raised:
        import_document(session, document)
    problems = raised.value.problems
    assert len(problems) == MAX_PROBLEMS
    assert [(p.record, p.field) for p in problems[:3]] == [
        ("candidate c0", "name"),
        ("candidate c0", "stage"),
        ("candidate c1", "name"),
    ]
    assert problems[0].problem == "is required"


# ---------------------------------------------------------------- CSV: interviews, communications


def _csv(session, table):
    stream = io.StringIO()
    export_csv(session, stream, table)
    return stream.getvalue()


def test_interviews_and_communications_csv_export_and_import_back(session):
    import_document(session, sample())
    session.commit()
    interviews, communications = _csv(session, "interviews"), _csv(session, "communications")
    assert interviews.splitlines()[0] == ",".join(INTERVIEW_COLUMNS)
    assert communications.splitlines()[0] == ",".join(COMMUNICATION_COLUMNS)
    assert len(communications.splitlines()) == 6

    for text in (interviews, communications):
        summary = import_csv(session, io.BytesIO(text.encode()))
        session.commit()
        assert not summary.changed and summary.candidates.total == 0

    edited = interviews.replace("Account Manager", "Senior Account Manager")
    edited_messages = communications.replace("Second round next week", "Offer call")
    assert import_csv(session, io.BytesIO(edited.encode())).interviews.updated == 1
    assert import_csv(session, io.BytesIO(edited_messages.encode())).communications.updated == 1
    session.commit()
    assert session.scalar(select(Interview.position)) == "Senior Account Manager"
    assert session.scalar(select(func.count()).select_from(Communication)) == 5


def test_csv_rows_create_interviews_and_communications_of_known_records(session):
    import_document(session, {"format": FORMAT, "candidates": [{"ref": "c01", "name": "Ada"}]})
    session.commit()
    summary = import_csv(
        session,
        io.BytesIO(
            b"candidate_ref,interview_ref,company,position,starts_at,round\r\n"
            b"c01,i07,Acme Corp,Analyst,2026-03-02T10:00:00-06:00,2\r\n"
        ),
    )
    assert (summary.interviews.created, summary.employers.created) == (1, 1)
    summary = import_csv(
        session,
        io.BytesIO(
            b"candidate_ref,interview_ref,kind,at\r\n"
            b"c01,i07,thank_you_email,2026-03-02T15:00:00-06:00\r\n"
        ),
    )
    assert summary.communications.created == 1
    session.commit()
    assert session.scalar(select(Interview.round)) == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "candidate_ref,interview_ref,company,position,starts_at\r\n"
            "c99,i07,Acme,Analyst,2026-03-02T10:00:00-06:00\r\n",
            "line 2 (interview i07): field 'candidate_ref': no candidate with ref 'c99'",
        ),
        (
            "candidate_ref,interview_ref,kind,at\r\nc01,i99,follow_up,2026-03-02T15:00:00Z\r\n",
            "line 2: field 'interview_ref': no interview with ref 'i99'",
        ),
        (
            "candidate_ref,interview_ref,kind,at\r\nc01,i01,follow_up,2026-03-01T15:00:00Z\r\n",
            "line 2: field 'at': a follow_up cannot be dated before the interview starts",
        ),
        (
            "candidate_ref,interview_ref,company,position,starts_at,round\r\n"
            "c01,i08,Acme,Analyst,2026-03-02T10:00:00-06:00,many\r\n",
            "line 2 (interview i08): field 'round': expected a whole number, got 'many'",
        ),
        (
            "candidate_ref,interview_ref,company,position\r\nc01,i08,Acme,Analyst\r\n",
            "line 1: field 'starts_at': required column 'starts_at' is missing",
        ),
    ],
    ids=["unknown-candidate", "unknown-interview", "before-the-interview", "bad-round", "column"],
)
def test_csv_rows_of_interviews_and_communications_are_checked(session, text, message):
    import_document(session, sample())
    session.commit()
    with pytest.raises(ValidationError) as raised:
        import_csv(session, io.BytesIO(text.encode()))
    assert message in str(raised.value)


def test_candidate_emails_keep_their_case_and_recruiters_are_matched_without_it(session):
    document = sample()
    document["candidates"][0]["email"] = "Ada.Park@Example.com"
    document["candidates"][0]["recruiter"] = "KDennis@Agency.example"
    import_document(session, document)
    session.commit()
    assert session.scalar(select(Candidate.email)) == "Ada.Park@Example.com"
    assert import_document(session, document).changed is False
