"""One PDF written from many, a part at a time, so memory does not grow with the page count.

Each part (a chunk's PDF) is read with pikepdf and the objects its pages use are written
to the output at once, renumbered; only the pages' object numbers, the outline's titles and
the objects' offsets are kept until the end, where the page tree, the outline, the catalog
and the cross-reference table are written. (Joining the parts with pikepdf instead builds
the whole document in memory before saving it: about 120 KB for every handout.)
"""

from __future__ import annotations

import io
from array import array
from collections import deque
from decimal import Decimal
from typing import BinaryIO

import pikepdf

# Attributes a page inherits from its page tree; the joined pages get a new tree.
INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
PAGE_TREE = 1  # the output's page tree: the parts' pages point to it, it is written last


class CombinedPdf:
    """A PDF written to `stream` part by part, with one outline entry per `add`ed title."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.position = 0
        self.offsets = array("Q", [0])  # of objects 1, 2, ... (the page tree's set last)
        self.pages = array("Q")  # the pages' object numbers, in order
        self.entries: list[tuple[str, int]] = []  # outline titles, with their first page
        # WeasyPrint writes PDF 1.7 unless told otherwise, so the parts need nothing newer.
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def add(self, part: bytes, entries: list[tuple[str, int]]) -> None:
        """Append the pages of PDF `part` with outline `entries` (title, page count each)."""
        with pikepdf.open(io.BytesIO(part)) as pdf:
            numbers: dict[tuple[int, int], int] = {}
            queue: deque[pikepdf.Object] = deque()
            first = len(self.pages)
            for page in pdf.pages:
                node: pikepdf.Object = page.obj
                while "/Parent" in node:  # the part's page tree becomes the output's
                    node = node.Parent
                    numbers[node.objgen] = PAGE_TREE
                    for key in INHERITED:
                        if key not in page.obj and key in node:
                            page.obj[key] = node[key]
                self.pages.append(self._number(page.obj, numbers, queue))
            while queue:
                self._write_object(queue.popleft(), numbers, queue)
        for title, count in entries:
            self.entries.append((title, first))
            first += count

    def finish(self) -> None:
        """Write the page tree, the outline, the catalog and the cross-reference table."""
        outline = len(self.offsets) + 1
        catalog = outline + len(self.entries) + 1
        self._begin(outline)
        ends = b""
        if self.entries:
            ends = b" /First %d 0 R /Last %d 0 R" % (outline + 1, catalog - 1)
        self._write(b"<< /Type /Outlines /Count %d%s >>\nendobj\n" % (len(self.entries), ends))
        for index, (title, page) in enumerate(self.entries):
            item = outline + 1 + index
            links = b"/Parent %d 0 R" % outline
            if index > 0:
                links += b" /Prev %d 0 R" % (item - 1)
            if index < len(self.entries) - 1:
                links += b" /Next %d 0 R" % (item + 1)
            self._begin(item)
            self._write(
                b"<< /Title %s %s /Count 0 /Dest [ %d 0 R /Fit ] >>\nendobj\n"
                % (pikepdf.String(title).unparse(), links, self.pages[page])
            )
        self.offsets[PAGE_TREE - 1] = self.position
        self._write(b"%d 0 obj\n<< /Type /Pages /Count %d /Kids [" % (PAGE_TREE, len(self.pages)))
        for number in self.pages:
            self._write(b" %d 0 R" % number)
        self._write(b" ] >>\nendobj\n")
        self._begin(catalog)
        self._write(
            b"<< /Type /Catalog /Pages %d 0 R /Outlines %d 0 R >>\nendobj\n" % (PAGE_TREE, outline)
        )
        start = self.position
        self._write(b"xref\n0 %d\n0000000000 65535 f \n" % (catalog + 1))
        for offset in self.offsets:
            self._write(b"%010d 00000 n \n" % offset)
        self._write(
            b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (catalog + 1, catalog, start)
        )

    def _write(self, data: bytes) -> None:
        self.stream.write(data)
        self.position += len(data)

    def _begin(self, number: int) -> None:
        """Start indirect object `number`, which must be the next one."""
        assert number == len(self.offsets) + 1
        self.offsets.append(self.position)
        self._write(b"%d 0 obj\n" % number)

    def _number(
        self,
        obj: pikepdf.Object,
        numbers: dict[tuple[int, int], int],
        queue: deque[pikepdf.Object],
    ) -> int:
        """The output's number for indirect `obj`, which is queued to be written if new."""
        number = numbers.get(obj.objgen)
        if number is None:
            number = numbers[obj.objgen] = len(self.offsets) + len(queue) + 1
            queue.append(obj)
        return number

    def _write_object(
        self,
        obj: pikepdf.Object,
        numbers: dict[tuple[int, int], int],
        queue: deque[pikepdf.Object],
    ) -> None:
        self._begin(numbers[obj.objgen])
        if not isinstance(obj, pikepdf.Stream):
            self._write(self._unparse(obj, numbers, queue, direct=True) + b"\nendobj\n")
            return
        data = obj.read_raw_bytes()  # as stored: nothing is decoded or compressed again
        entries = [
            b"%s %s" % (pikepdf.Name(key).unparse(), self._unparse(value, numbers, queue))
            for key, value in obj.stream_dict.items()
            if key != "/Length"
        ]
        entries.append(b"/Length %d" % len(data))
        self._write(b"<< %s >>\nstream\n" % b" ".join(entries))
        self._write(data)
        self._write(b"\nendstream\nendobj\n")

    def _unparse(
        self,
        obj: pikepdf.Object | int | Decimal | bool | None,
        numbers: dict[tuple[int, int], int],
        queue: deque[pikepdf.Object],
        *,
        direct: bool = False,
    ) -> bytes:
        """`obj` in PDF syntax, its references renumbered (`direct`: an indirect object's
        own content, not a reference to it)."""
        # pikepdf hands an array's numbers, booleans and nulls over as Python values.
        if obj is None:
            return b"null"
        if isinstance(obj, bool):
            return b"true" if obj else b"false"
        if isinstance(obj, int):
            return b"%d" % obj
        if isinstance(obj, Decimal):
            return format(obj, "f").encode()  # never an exponent, which PDF does not allow
        if obj.is_indirect and not direct:
            return b"%d 0 R" % self._number(obj, numbers, queue)
        if isinstance(obj, pikepdf.Dictionary):
            return b"<< %s >>" % b" ".join(
                b"%s %s" % (pikepdf.Name(key).unparse(), self._unparse(value, numbers, queue))
                for key, value in obj.items()
            )
        if isinstance(obj, pikepdf.Array):
            return b"[ %s ]" % b" ".join(self._unparse(item, numbers, queue) for item in obj)
        return bytes(obj.unparse())
