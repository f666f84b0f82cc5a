"""`/reports/follow-ups`: the report's table with its filters, a page at a time, and its
CSV/JSON downloads."""

from __future__ import annotations

import io
import tempfile
from datetime import UTC, datetime

from flask import Blueprint, Response, render_template, request, send_file
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from recruiter_kit.enums import Status
from recruiter_kit.services.access import check_candidate_access
from recruiter_kit.services.reports import OPEN_STATUSES, ReportFilter, write_report
from recruiter_kit.services.users import list_users
from recruiter_kit.services.validation import parse_datetime
from recruiter_kit.services.views import report_page
from recruiter_kit.web.auth import account
from recruiter_kit.web.database import db
from recruiter_kit.web.forms import whole_number

blueprint = Blueprint("reports", __name__, url_prefix="/reports")

ROWS_PER_PAGE = 100
DOWNLOADS = {"csv": "text/csv", "json": "application/json"}
SPOOL_BYTES = 8 * 1024 * 1024  # a larger download waits in a temporary file, not in memory


@blueprint.route("/follow-ups")
def follow_ups() -> ResponseReturnValue:
    """The follow-up report; `format=csv|json` downloads it exactly as `report` prints it."""
    args = request.args
    me = account()
    filters = _filters(args)
    as_of_text = args.get("as_of", "").strip()
    as_of = datetime.now(UTC)
    if as_of_text:
        parse_datetime(as_of_text, "report", "as_of")  # checked; kept with its offset, as `report`
        as_of = datetime.fromisoformat(as_of_text)
    output = args.get("format", "")
    if output in DOWNLOADS:
        return _download(filters, as_of, output)
    page_number = whole_number(args.get("page")) or 1
    report = report_page(
        db(), as_of, filters, offset=(page_number - 1) * ROWS_PER_PAGE, limit=ROWS_PER_PAGE
    )
    return render_template(
        "web/follow_ups.html",
        report=report,
        rows=report.rows.items,
        page_number=page_number,
        filters=filters,
        statuses=list(Status),
        recruiters=[user.email for user in list_users(db())] if me.is_admin else [],
        args=args,
        due=args.get("due_within", "").strip(),
        as_of_text=as_of_text,
    )


def _filters(args: MultiDict[str, str]) -> ReportFilter:
    """The report's filters from the form; no status ticked means the open ones, as `report`
    without --status or --all."""
    me = account()
    candidate = args.get("candidate", "").strip() or None
    if candidate:
        check_candidate_access(db(), me, candidate)
    due = args.get("due_within", "").strip()
    chosen = frozenset(Status(value) for value in args.getlist("status") if value in _STATUSES)
    return ReportFilter(
        statuses=chosen or OPEN_STATUSES,
        recruiter=me.scope or args.get("recruiter") or None,
        candidate=candidate,
        due_within_days=whole_number(due),
        include_archived=args.get("include_archived") == "yes",
    )


_STATUSES = frozenset(status.value for status in Status)


def _download(filters: ReportFilter, as_of: datetime, output: str) -> Response:
    """The report as `report --format csv|json` prints it, written before it is sent (in
    memory, or beyond SPOOL_BYTES in a temporary file)."""
    # Not a `with`: the response sends the file after this returns, and closes it then.
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    try:
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
        write_report(db(), as_of, filters, output, text)
        text.flush()
        text.detach()  # leaves the spool open
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    response = send_file(spool, mimetype=DOWNLOADS[output], max_age=0)
    response.headers["Content-Disposition"] = f'attachment; filename="follow-ups.{output}"'
    return response
