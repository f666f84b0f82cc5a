"""Coaching handouts: personalised PDFs (and message drafts) for interviews.

The same functions serve the command line, the web admin and background jobs; none of
them imports Click or Flask. A typical caller:

    views = prepare_batch(sessions, HandoutSelection(all_active=True), as_of)
    result = render_batch(views, Target.parse("out.pdf"), source=TemplateSource.from_option(None))

where `sessions()` opens a session (a `sessionmaker`): the views are built a chunk at a
time, in short transactions, while the worker processes lay out the chunks before them.
`prepare(session, ...)` builds them all at once instead, in one session; one handout in
memory is `render_handout(session, "I-000001", as_of)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import datetime

from sqlalchemy.orm import Session

from recruiter_kit.errors import RecruiterKitError
from recruiter_kit.handouts.batch import (
    BatchResult,
    Format,
    OutputKind,
    Progress,
    Target,
    render_batch,
)
from recruiter_kit.handouts.pdf import Renderer
from recruiter_kit.handouts.selection import HandoutSelection, select_interviews
from recruiter_kit.handouts.templating import TEMPLATES_ENV, Templates, TemplateSource
from recruiter_kit.handouts.view import (
    DraftKind,
    Failure,
    HandoutView,
    PreparedViews,
    view_basis,
)

__all__ = [
    "TEMPLATES_ENV",
    "BatchResult",
    "DraftKind",
    "Failure",
    "Format",
    "HandoutError",
    "HandoutSelection",
    "HandoutView",
    "OutputKind",
    "PreparedViews",
    "Progress",
    "Target",
    "TemplateSource",
    "handout_view",
    "prepare",
    "prepare_batch",
    "render_batch",
    "render_draft",
    "render_handout",
    "render_handout_html",
]


class HandoutError(RecruiterKitError):
    """A handout could not be made (the message names the interview and the reason)."""


def prepare_batch(
    sessions: Callable[[], AbstractContextManager[Session]],
    selection: HandoutSelection,
    as_of: datetime,
) -> PreparedViews:
    """The selected interviews as of `as_of`, for `render_batch`: selected now, in one
    transaction of `sessions`; their views are built a chunk at a time, each chunk in a
    transaction of its own, as `render_batch` takes them (so memory does not grow with the
    count, and the workers start on the first chunk while the next are being built)."""
    with sessions() as session:
        refs = select_interviews(session, selection, as_of)
        basis = view_basis(session)
    return PreparedViews(sessions, refs, as_of, basis)


def prepare(
    session: Session, selection: HandoutSelection, as_of: datetime
) -> list[HandoutView | Failure]:
    """The views of the selected interviews as of `as_of`, all built now in `session`
    (`render_batch` needs no database: views can be handed to a background job)."""
    return list(prepare_batch(lambda: nullcontext(session), selection, as_of))


def handout_view(session: Session, interview_ref: str, as_of: datetime) -> HandoutView:
    """The view of one interview's handout; HandoutError when its record is broken."""
    (view,) = prepare(session, HandoutSelection(interviews=(interview_ref,)), as_of)
    if isinstance(view, Failure):
        raise HandoutError(view.message)
    return view


def render_handout(
    session: Session,
    interview_ref: str,
    as_of: datetime,
    *,
    templates: TemplateSource | None = None,
) -> bytes:
    """One interview's handout as PDF bytes, rendered in this process."""
    view = handout_view(session, interview_ref, as_of)
    with _rendering(view):
        return Renderer(templates or TemplateSource()).pdf(view)


def render_handout_html(
    session: Session,
    interview_ref: str,
    as_of: datetime,
    *,
    templates: TemplateSource | None = None,
) -> str:
    """One interview's handout as a self-contained HTML page (for previews: fonts and
    images embedded, nothing to fetch)."""
    view = handout_view(session, interview_ref, as_of)
    with _rendering(view):
        return Templates(templates or TemplateSource()).preview(view)


def render_draft(
    session: Session,
    interview_ref: str,
    as_of: datetime,
    kind: DraftKind | None = None,
    *,
    templates: TemplateSource | None = None,
) -> list[tuple[DraftKind, str]]:
    """The plain-text drafts of `kind`, or of every kind that applies as of `as_of`."""
    view = handout_view(session, interview_ref, as_of)
    kinds = (kind,) if kind is not None else view.drafts
    with _rendering(view):
        renderer = Templates(templates or TemplateSource())
        return [(each, renderer.draft(view, each)) for each in kinds]


@contextmanager
def _rendering(view: HandoutView) -> Iterator[None]:
    """Turn a rendering error (a broken agency template, say) into one HandoutError line."""
    try:
        yield
    except RecruiterKitError:
        raise
    except Exception as error:
        raise HandoutError(
            f"interview {view.interview_ref}: cannot render the handout: {error}"
        ) from None
