"""`/activity`: who changed what and when, filterable by candidate and person."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from recruiter_kit.calendar import zone
from recruiter_kit.services.access import check_candidate_access
from recruiter_kit.services.history import HistoryFilter, list_history
from recruiter_kit.services.policy import load_policy
from recruiter_kit.services.validation import parse_date
from recruiter_kit.web.auth import account
from recruiter_kit.web.database import db

blueprint = Blueprint("activity", __name__, url_prefix="/activity")
NEWEST = 200


@blueprint.route("")
def index() -> ResponseReturnValue:
    """The newest changes, newest first (a recruiter sees their candidates' only), at
    times in the agency's default zone, as `recruiter-kit history` shows them."""
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
    agency_zone = zone(load_policy(db()).default_timezone)
    rows = [
        replace(row, changed_at=row.changed_at.astimezone(agency_zone))
        for row in reversed(list_history(db(), filters))
    ]
    return render_template("web/activity.html", rows=rows, filters=filters, since=since)
