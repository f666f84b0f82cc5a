"""The follow-up report page and its downloads, byte for byte the command line's."""

from __future__ import annotations

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
