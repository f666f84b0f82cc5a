"""recruiter-kit: coach interview candidates through their follow-ups."""

__version__ = "0.1.0"
