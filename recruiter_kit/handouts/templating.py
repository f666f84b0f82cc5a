"""Templates and assets: the packaged ones, shadowed file by file by an agency's folder.

Handout wording lives in `templates/handouts/` (installed as `recruiter_kit/templates/
handouts/`). Everything a template prints is untrusted text: the environment is sandboxed
and autoescapes HTML; plain-text drafts are not escaped but are only ever printed into a
handout through an escaping template.
"""

from __future__ import annotations

import base64
import io
import logging
import mimetypes
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from recruiter_kit.errors import ValidationError
from recruiter_kit.handouts.view import DraftKind, HandoutView

TEMPLATES_ENV = "RECRUITER_KIT_TEMPLATES"
HANDOUT_TEMPLATE = "handout.html"
STYLESHEET_TEMPLATE = "handout.css"
ASSET_SCHEME = "asset:"
COMPACT_LEVELS = 3  # the handout template's `compact` values: 0 (everything), 1, 2
# Asset references a preview turns into data: URIs: `url(asset:...)` in the stylesheet, and
# `src="asset:..."` in the page (untrusted text is escaped, so it can never hold `src="`).
_STYLESHEET_ASSET = re.compile(r"""url\(\s*(["']?)asset:([^"')\s]+)\1\s*\)""")
_PAGE_ASSET = re.compile(r"""(\ssrc=)(["'])asset:([^"']+)\2""")


def packaged_folder() -> Path:
    """The folder of the packaged handout templates and assets."""
    return Path(str(resources.files("recruiter_kit.templates").joinpath("handouts")))


@dataclass(frozen=True, slots=True)
class TemplateSource:
    """Where templates and assets are looked up: the agency's folder first, if any."""

    agency_folder: Path | None = None

    @classmethod
    def from_option(cls, folder: str | os.PathLike[str] | None) -> TemplateSource:
        """The folder given, else $RECRUITER_KIT_TEMPLATES, else only the packaged files."""
        chosen = folder if folder is not None else os.environ.get(TEMPLATES_ENV) or None
        if chosen is None:
            return cls(None)
        path = Path(chosen).expanduser().resolve()
        if not path.is_dir():
            raise ValidationError("templates", None, f"no such folder: {path}")
        return cls(path)

    @property
    def folders(self) -> tuple[Path, ...]:
        """Folders searched in order."""
        packaged = packaged_folder()
        return (packaged,) if self.agency_folder is None else (self.agency_folder, packaged)

    def asset(self, name: str) -> Path | None:
        """The file of asset `name` (e.g. `assets/fonts/Lato-Regular.ttf`), never outside the
        template folders; None when there is no such asset."""
        for folder in self.folders:
            root = folder.resolve()
            path = (root / name).resolve()
            if path.is_relative_to(root / "assets") and path.is_file():
                return path
        return None


def media_type(path: Path) -> str:
    """The MIME type an asset is served with."""
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def environment(source: TemplateSource) -> SandboxedEnvironment:
    """A sandboxed environment over the source's folders; HTML is autoescaped."""
    env = SandboxedEnvironment(
        loader=FileSystemLoader([str(folder) for folder in source.folders]),
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "xml"),
            disabled_extensions=("txt", "css"),
            default_for_string=True,
            default=True,
        ),
        undefined=StrictUndefined,
        auto_reload=False,  # every handout of a batch from the same templates
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["asset"] = _asset_url
    return env


def _asset_url(name: str) -> str:
    return f"{ASSET_SCHEME}{name}"


def draft_template(kind: DraftKind) -> str:
    """The template of a draft kind."""
    return f"drafts/{kind.value}.txt"


class Templates:
    """Renders handout HTML, its stylesheet and the drafts from one template source."""

    def __init__(self, source: TemplateSource) -> None:
        self.source = source
        self.env = environment(source)
        self._data_uris: dict[str, str] = {}

    def draft(self, view: HandoutView, kind: DraftKind) -> str:
        """The plain-text draft of `kind` for this interview."""
        return self.env.get_template(draft_template(kind)).render(view=view).strip() + "\n"

    def stylesheet(self, view: HandoutView) -> str:
        """The handout stylesheet with the agency's colour and paper size."""
        return self.env.get_template(STYLESHEET_TEMPLATE).render(agency=view.agency)

    def html(self, view: HandoutView, *, inline_stylesheet: bool = False, compact: int = 0) -> str:
        """The handout as an HTML document (with its stylesheet inline if asked);
        `compact` (up to COMPACT_LEVELS - 1) leaves more out to keep within two pages."""
        stylesheet = self.stylesheet(view) if inline_stylesheet else None
        return self._page(view, stylesheet, compact)

    def preview(self, view: HandoutView) -> str:
        """The handout as one self-contained HTML file that a browser shows like the PDF:
        the stylesheet inline and its assets (the bundled fonts, images) as data: URIs,
        so nothing is fetched from the network or the disk."""

        def in_stylesheet(match: re.Match[str]) -> str:
            uri = self._data_uri(match[2])
            return match[0] if uri is None else f'url("{uri}")'

        def in_page(match: re.Match[str]) -> str:
            uri = self._data_uri(match[3])
            return match[0] if uri is None else f'{match[1]}"{uri}"'

        stylesheet = _STYLESHEET_ASSET.sub(in_stylesheet, self.stylesheet(view))
        return _PAGE_ASSET.sub(in_page, self._page(view, stylesheet, 0))

    def _page(self, view: HandoutView, stylesheet: str | None, compact: int) -> str:
        drafts = [(kind.value, self.draft(view, kind)) for kind in view.drafts]
        return self.env.get_template(HANDOUT_TEMPLATE).render(
            view=view, drafts=drafts, stylesheet=stylesheet, compact=compact
        )

    def _data_uri(self, name: str) -> str | None:
        """Asset `name` as a data: URI, None when there is no such asset; read once, as
        every preview of a batch embeds the same fonts."""
        uri = self._data_uris.get(name)
        if uri is None:
            path = self.source.asset(name)
            if path is None:
                return None
            stat = path.stat()
            uri = self._data_uris[name] = _embedded(path, stat.st_mtime_ns, stat.st_size)
        return uri


# The letters and signs a preview's fonts carry: Latin-1 and Latin Extended-A (the accents
# of most European names), punctuation, the euro and trade-mark signs. Anything else falls
# back to the browser's own font in a preview; a PDF embeds what it uses of the whole font.
PREVIEW_CHARACTERS = (
    *range(0x20, 0x7F),
    *range(0xA0, 0x180),
    *range(0x2000, 0x2070),
    0x20AC,
    0x2122,
)
PREVIEW_FOLDER = "preview"  # beside a font: its cut for previews, `<stem>.woff2`
_FONT_SUFFIXES = frozenset({".ttf", ".otf"})


@lru_cache(maxsize=32)
def _embedded(path: Path, _mtime_ns: int, _size: int) -> str:
    """The file at `path` as a data: URI (cached per process while the file is unchanged).

    A font is embedded cut to `PREVIEW_CHARACTERS`, as WOFF2: the three whole Lato styles
    made every preview 2.7 MB. The packaged fonts' cuts are shipped beside them (cutting
    takes about a second a font); an agency's own fonts are cut on first use.
    """
    if path.suffix.lower() not in _FONT_SUFFIXES:
        media, data = media_type(path), path.read_bytes()
    else:
        shipped = path.parent / PREVIEW_FOLDER / f"{path.stem}.woff2"
        media = "font/woff2"
        data = shipped.read_bytes() if shipped.is_file() else preview_font(path)
    return f"data:{media};base64,{base64.b64encode(data).decode('ascii')}"


def preview_font(path: Path) -> bytes:
    """The font at `path` cut to `PREVIEW_CHARACTERS`, as WOFF2."""
    from fontTools import subset  # type: ignore[import-untyped]  # loaded only to cut fonts
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    # Its notes on unusual (but valid) font headers are not the user's business.
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # kerning and ligatures, as the PDF has them
    options.name_IDs = ["*"]  # the font's names and licence stay with it
    font = TTFont(path)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=PREVIEW_CHARACTERS)
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    return bytes(buffer.getvalue())


def write_preview_fonts(folder: Path) -> list[Path]:
    """Cut every font in `folder` for previews into `folder/preview/`; the files written."""
    written = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in _FONT_SUFFIXES:
            target = folder / PREVIEW_FOLDER / f"{path.stem}.woff2"
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(preview_font(path))
            written.append(target)
    return written
