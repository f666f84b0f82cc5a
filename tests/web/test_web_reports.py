"""The follow-up report page and its downloads, byte for byte the command line's."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from web_support import ADMIN, RECRUITER, add_agency, sign_in

from recruiter_kit.cli import main

AS_OF = "2099-01-05T09:00:00-06:00"


@pytest.mark.parametrize("output", ["csv", "json"])
@pytest.mark.parametrize(
    ("who", "cli_filters"),
    [(ADMIN, []), (RECRUITER, ["--recruiter", RECRUITER])],
)
def test_downloads_are_identical_to_the_cli(client, database_url, who, cli_filters, output):
    add_agency(database_url)
    sign_in(client, who)
    query = {"as_of": AS_OF, "format": output, "status": ["overdue", "violation"]}
    web = client.get("/reports/follow-ups", query_string=query)
    assert web.status_code == 200
    assert f'filename="follow-ups.{output}"' in web.headers["Content-Disposition"]
    cli = CliRunner().invoke(
        main,
        [
            "--database-url",
            database_url,
            "report",
            "--as-of",
            AS_OF,
            "--format",
            output,
            "--status",
            "overdue",
            "--status",
            "violation",
            *cli_filters,
        ],
        catch_exceptions=False,
    )
    assert cli.exit_code == 0
    assert web.data == cli.stdout_bytes
    assert b"Ada Park" in web.data
    assert (b"Bea Other" in web.data) is (who == ADMIN)


def test_report_page_lists_findings_and_next_actions(client, database_url):
    add_agency(database_url)
    sign_in(client, RECRUITER)
    page = client.get("/reports/follow-ups?status=overdue").get_data(as_text=True)
    assert "THANK_YOU_MISSING" in page and "Ada Park" in page and "Bea Other" not in page


def test_a_bad_as_of_is_one_clear_message(client, database_url):
    sign_in(client, ADMIN)
    response = client.get("/reports/follow-ups?as_of=yesterday")
    assert response.status_code == 400
    assert "as_of" in response.get_data(as_text=True)


DEMO_AS_OF = "2026-11-20T09:00:00-06:00"


@pytest.fixture
def demo_agency(database_url):
    """The demo agency (about 80 interviews, every status) as of DEMO_AS_OF."""
    from datetime import datetime

    from recruiter_kit.db import create_db_engine, session_factory, transaction
    from recruiter_kit.services.demo import load_demo

    engine = create_db_engine(database_url)
    with transaction(session_factory(engine)) as session:
        load_demo(session, 40, as_of=datetime.fromisoformat(DEMO_AS_OF))
    engine.dispose()


def _cli(database_url, *args) -> bytes:
    result = CliRunner().invoke(
        main, ["--database-url", database_url, "report", *args], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.mark.parametrize("output", ["csv", "json"])
def test_downloads_of_a_whole_agency_are_the_clis_by_default_and_with_closed(
    admin, database_url, demo_agency, output, monkeypatch
):
    # Rows in the command's order (by interview ref, not the page's worst first), and with
    # no status ticked the open ones, as `report` without --status or --all.
    query = {"as_of": DEMO_AS_OF, "format": output}
    web = admin.get("/reports/follow-ups", query_string=query)
    assert web.data == _cli(database_url, "--as-of", DEMO_AS_OF, "--format", output)
    if output == "json":
        assert {row["status"] for row in json.loads(web.data)["interviews"]} == {
            "violation",
            "overdue",
            "due",
            "ok",
            "scheduled",
        }
    from recruiter_kit.web import reports

    monkeypatch.setattr(reports, "SPOOL_BYTES", 1024)  # this one waits in a temporary file
    everything = {**query, "status": list(STATUSES)}
    web = admin.get("/reports/follow-ups", query_string=everything)
    assert web.data == _cli(database_url, "--as-of", DEMO_AS_OF, "--format", output, "--all")


STATUSES = ("violation", "overdue", "due", "ok", "scheduled", "closed")


def test_the_report_page_lists_a_page_at_a_time_in_the_tables_order(
    admin, database_url, demo_agency, monkeypatch
):
    from recruiter_kit.web import reports

    monkeypatch.setattr(reports, "ROWS_PER_PAGE", 7)
    table = _cli(database_url, "--as-of", DEMO_AS_OF, "--wide").decode()
    in_order = re.findall(r"\b(I-\d{6})\b", table)
    assert len(in_order) > 14

    def listed(page: int) -> tuple[list[str], str]:
        query = {"as_of": DEMO_AS_OF, "page": str(page)}
        html = admin.get("/reports/follow-ups", query_string=query).get_data(as_text=True)
        return re.findall(r'href="/interviews/(I-\d{6})"', html), html

    first, html = listed(1)
    assert first == in_order[:7]
    assert f"Interviews 1–7 of {len(in_order)}" in html and 'rel="next"' in html
    second, html = listed(2)
    assert second == in_order[7:14] and 'rel="prev"' in html
    last_page = (len(in_order) - 1) // 7 + 1
    last, html = listed(last_page)
    assert last == in_order[(last_page - 1) * 7 :] and 'rel="next"' not in html
    beyond, html = listed(last_page + 1)
    assert beyond == [] and "past the last one" in html
    # The counts are the whole report's, not the page's.
    counts = re.findall(r"<strong>(\d+)</strong>", html)
    assert sum(map(int, counts)) == len(in_order)


@pytest.mark.parametrize("extra", [[], ["--due-within", "2"], ["--status", "ok"]])
def test_the_report_pages_counts_are_the_clis(admin, database_url, demo_agency, extra):
    # Counted by the database where it can (statuses), row by row where only the rows can
    # tell (due within): the same numbers as `report` either way.
    query = {"as_of": DEMO_AS_OF}
    if extra:
        query["due_within" if extra[0] == "--due-within" else "status"] = extra[1]
    html = admin.get("/reports/follow-ups", query_string=query).get_data(as_text=True)
    shown = [int(count) for count in re.findall(r"<strong>(\d+)</strong>", html)[:6]]
    expected = json.loads(_cli(database_url, "--as-of", DEMO_AS_OF, "--format", "json", *extra))
    assert shown == list(expected["counts"].values())
    assert sum(shown) == len(expected["interviews"]) > 0
