"""`/reports/follow-ups`: the report's table with its filters, and its CSV/JSON downloads."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

from flask import Blueprint, Response, render_template, request
from flask.typing import ResponseReturnValue

from recruiter_kit.enums import Status
from recruiter_kit.services.access import check_candidate_access
from recruiter_kit.services.reports import (
    REPORT_CSV_COLUMNS,
    ReportFilter,
    build_report,
    report_csv_rows,
    report_to_dict,
)
from recruiter_kit.services.spreadsheet import write_csv
from recruiter_kit.services.users import list_users
from recruiter_kit.services.validation import parse_datetime
from recruiter_kit.web.auth import account
from recruiter_kit.web.database import db

blueprint = Blueprint("reports", __name__, url_prefix="/reports")


@blueprint.route("/follow-ups")
def follow_ups() -> ResponseReturnValue:
    """The follow-up report; `format=csv|json` downloads it exactly as `report` prints it."""
    args = request.args
    me = account()
    candidate = args.get("candidate", "").strip() or None
    if candidate:
        check_candidate_access(db(), me, candidate)
    due = args.get("due_within", "").strip()
    filters = ReportFilter(
        statuses=frozenset(_statuses(args.getlist("status"))),
        recruiter=me.scope or args.get("recruiter") or None,
        candidate=candidate,
        due_within_days=int(due) if due.isdigit() else None,
        include_archived=args.get("include_archived") == "yes",
    )
    as_of_text = args.get("as_of", "").strip()
    as_of = datetime.now(UTC)
    if as_of_text:
        parse_datetime(as_of_text, "report", "as_of")  # checked; kept with its offset, as `report`
        as_of = datetime.fromisoformat(as_of_text)
    report = build_report(db(), as_of, filters)
    output = args.get("format")
    if output == "json":
        text = json.dumps(report_to_dict(report), ensure_ascii=False) + "\n"
        return _download(text, "application/json", "follow-ups.json")
    if output == "csv":
        buffer = io.StringIO()
        write_csv(REPORT_CSV_COLUMNS, report_csv_rows(report), buffer)
        return _download(buffer.getvalue(), "text/csv", "follow-ups.csv")
    return render_template(
        "web/follow_ups.html",
        report=report,
        rows=report.rows,
        filters=filters,
        statuses=list(Status),
        recruiters=[user.email for user in list_users(db())] if me.is_admin else [],
        args=args,
        due=due,
        as_of_text=as_of_text,
    )


def _download(text: str, mimetype: str, filename: str) -> Response:
    return Response(
        text.encode("utf-8"),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _statuses(values: list[str]) -> list[Status]:
    known = {status.value: status for status in Status}
    return [known[value] for value in values if value in known]
