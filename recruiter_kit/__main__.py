"""`python -m recruiter_kit` runs the command line."""

from recruiter_kit.cli import main

main(prog_name="recruiter-kit")
