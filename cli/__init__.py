"""The `recruiter-kit` command line (installed as `recruiter_kit.cli`)."""
