"""WeasyPrint rendering: a locked-down URL fetcher and a renderer that reuses its fonts.

A renderer keeps one font configuration and one compiled stylesheet and lays out many
handouts with them; a worker process holds one renderer for its whole life.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pikepdf
from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from recruiter_kit.handouts.templating import (
    ASSET_SCHEME,
    COMPACT_LEVELS,
    Templates,
    TemplateSource,
    media_type,
)
from recruiter_kit.handouts.view import HandoutView

# WeasyPrint reports refused resources as warnings; they are expected here (untrusted text
# in agency templates), not news for the person printing.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


MAX_PAGES = 2


class RefusedURL(ValueError):
    """A handout asked for a resource it may not have."""


class AssetFetcher(URLFetcher):  # type: ignore[misc]
    """Serves the template folders' assets (`asset:` URLs) and `data:` URIs, nothing else.

    `file:`, `http(s):` and every other scheme are refused, for HTML, stylesheets,
    images, fonts and attachments alike.
    """

    def __init__(self, source: TemplateSource) -> None:
        super().__init__(allowed_protocols=("data",), allow_redirects=False)
        self.source = source

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        """The resource at `url`, or RefusedURL."""
        if url.startswith(ASSET_SCHEME):
            name = url.removeprefix(ASSET_SCHEME)
            path = self.source.asset(name)
            if path is None:
                raise RefusedURL(f"no asset {name!r}")
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": media_type(path)})
        if url[:5].lower() == "data:":
            response: URLFetcherResponse = super().fetch(url, headers)
            return response
        raise RefusedURL(f"refused to fetch {url[:80]!r}")


@dataclass(frozen=True, slots=True)
class Laid:
    """One handout laid out: its pages belong to `document`."""

    view: HandoutView
    document: Document

    @property
    def pages(self) -> int:
        """The handout's page count."""
        return len(self.document.pages)


class Renderer:
    """Lays out handouts with one font configuration and one compiled stylesheet."""

    def __init__(self, source: TemplateSource) -> None:
        self.templates = Templates(source)
        self.fetcher = AssetFetcher(source)
        self.fonts = FontConfiguration()
        self._stylesheets: dict[tuple[str, str], CSS] = {}

    def warm(self, view: HandoutView) -> None:
        """Compile the stylesheet `view` needs (loading its fonts) ahead of the first page."""
        self._stylesheet(view)

    def _stylesheet(self, view: HandoutView) -> CSS:
        key = (view.agency.accent_colour, view.agency.paper_size)
        css = self._stylesheets.get(key)
        if css is None:
            css = self._stylesheets[key] = CSS(
                string=self.templates.stylesheet(view),
                font_config=self.fonts,
                url_fetcher=self.fetcher,
            )
        return css

    def lay_out(self, view: HandoutView) -> Laid:
        """Lay out one handout (page numbers count within the handout); a handout that would
        run past MAX_PAGES is laid out again with less in it (shorter notes, fewer lines)."""
        for compact in range(COMPACT_LEVELS):
            html = HTML(
                string=self.templates.html(view, compact=compact),
                url_fetcher=self.fetcher,
                base_url=None,
            )
            document = html.render(stylesheets=[self._stylesheet(view)], font_config=self.fonts)
            if len(document.pages) <= MAX_PAGES:
                break
        return Laid(view, document)

    def write(self, laid: Sequence[Laid]) -> bytes:
        """One PDF of the laid-out handouts, in order (fonts subset once for all of them)."""
        pages = [page for item in laid for page in item.document.pages]
        combined = laid[0].document.copy(pages)
        return bytes(combined.write_pdf(attachments=[]))

    def pdf(self, view: HandoutView) -> bytes:
        """One handout as a PDF."""
        return self.write([self.lay_out(view)])


def split_pdf(data: bytes, page_counts: Sequence[int]) -> list[bytes]:
    """Cut one PDF into consecutive parts of `page_counts` pages (shared fonts copied as they
    are, so nothing is subset or compressed again)."""
    parts = []
    with pikepdf.open(io.BytesIO(data)) as source:
        first = 0
        for count in page_counts:
            part = pikepdf.new()
            part.pages.extend(source.pages[first : first + count])
            buffer = io.BytesIO()
            part.save(buffer)
            parts.append(buffer.getvalue())
            first += count
    return parts
