"""The interchange format `recruiter-kit/1`: import and export of the whole agency as JSON.

- `document`: the format's name, reading and writing its JSON, and the results of an
  import (`ImportSummary`, `Counts`, `DocumentError`, `Problem`).
- `parsing`: checking a document, every problem at once, into typed records.
- `importing`: the all-or-nothing bulk upsert by ref (`import_document`,
  `import_candidates`).
- `exporting`: the whole database as a document (`export_document`).
- `tables`: the Core tables the bulk statements use.
"""

from recruiter_kit.services.interchange.document import (
    FORMAT,
    Counts,
    DocumentError,
    ImportSummary,
    Problem,
    dump_document,
    load_document,
)
from recruiter_kit.services.interchange.exporting import export_document
from recruiter_kit.services.interchange.importing import import_candidates, import_document

__all__ = [
    "FORMAT",
    "Counts",
    "DocumentError",
    "ImportSummary",
    "Problem",
    "dump_document",
    "export_document",
    "import_candidates",
    "import_document",
    "load_document",
]
