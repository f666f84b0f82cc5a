"""Shared by the handout tests: the moments they print at, and PDF inspection with poppler."""

import re
import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

CHICAGO = ZoneInfo("America/Chicago")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
# Ada: Monday 2 March 2026, 10:00-10:45 in Chicago; the handout is printed that afternoon.
ADA_AS_OF = datetime(2026, 3, 2, 13, 0, tzinfo=CHICAGO)
# Ben (Los Angeles) interviews on the Wednesday before Thanksgiving (Thursday 26 November).
BEN_AS_OF = datetime(2026, 11, 25, 17, 0, tzinfo=LOS_ANGELES)


def pdf_text(path, page=None):
    """The text of a PDF file (or of one of its pages) with whitespace runs folded to one
    space."""
    pages = [] if page is None else ["-f", str(page), "-l", str(page)]
    out = subprocess.run(
        ["pdftotext", *pages, str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(out.stdout.split())


def pdf_pages(path):
    """The number of pages of a PDF file."""
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", out.stdout, re.MULTILINE).group(1))


def pdf_fonts(path):
    """(name, embedded) for every font of a PDF file."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    return [(row.split()[0], row.split()[-5] == "yes") for row in rows]
