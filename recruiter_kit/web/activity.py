"""`/activity`: who changed what and when, filterable by candidate and person."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from recruiter_kit.services.access import check_candidate_access
from recruiter_kit.services.history import HistoryFilter, list_history
from recruiter_kit.services.validation import parse_date
from recruiter_kit.web.auth import account
from recruiter_kit.web.database import db

blueprint = Blueprint("activity", __name__, url_prefix="/activity")
NEWEST = 200


@blueprint.route("")
def index() -> ResponseReturnValue:
    """The newest changes, newest first (a recruiter sees their candidates' only)."""
    args = request.args
    me = account()
    candidate = args.get("candidate", "").strip() or None
    if candidate:
        check_candidate_access(db(), me, candidate)
    since = args.get("since", "").strip()
    filters = HistoryFilter(
        candidate=candidate,
        changed_by=args.get("by", "").strip() or None,
        since=parse_date(since, "activity", "since") if since else None,
        recruiter=me.scope,
        limit=NEWEST,
    )
    rows = list(reversed(list_history(db(), filters)))
    return render_template("web/activity.html", rows=rows, filters=filters, since=since)
