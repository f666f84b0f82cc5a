import pytest
from click.testing import CliRunner

from recruiter_kit.cli import main


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def cli(runner, database_url):
    """Run `recruiter-kit --database-url <test db> ARGS...`; exceptions fail the test."""

    def invoke(*args, input=None):
        return runner.invoke(
            main, ["--database-url", database_url, *args], input=input, catch_exceptions=False
        )

    return invoke
