"""Reading a generated PDF back as a person sees it (pdfplumber): its text, and whether everything
drawn lies inside the printable area of an A4 sheet. Shared by the tests of every app that makes
PDFs."""

import io
from dataclasses import dataclass

import pdfplumber
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

# No printer prints to the edge; 8 mm on every side is inside what office printers print and what
# a binder or a punch leaves readable.
MARGIN = 8 * mm
_TOLERANCE = 0.5  # points: rounding of glyph boxes and half a rule's width


@dataclass
class Overflow:
    page: int
    what: str  # the character, or "line"/"rect"/"curve"
    x0: float
    top: float
    x1: float
    bottom: float

    def __str__(self) -> str:
        return (
            f"page {self.page}: {self.what!r} at x {self.x0:.1f}–{self.x1:.1f}, "
            f"y {self.top:.1f}–{self.bottom:.1f}"
        )


def is_a4(width: float, height: float) -> bool:
    w, h = A4
    return {round(width), round(height)} == {round(w), round(h)}


def overflows(content: bytes, margin: float = MARGIN) -> list[Overflow]:
    """Everything drawn (characters, rules, boxes) that falls outside the page less ``margin``."""
    found = []
    with pdfplumber.open(io.BytesIO(content)) as doc:
        for n, page in enumerate(doc.pages, start=1):
            left, top = margin - _TOLERANCE, margin - _TOLERANCE
            right = page.width - margin + _TOLERANCE
            bottom = page.height - margin + _TOLERANCE
            objects = [(c["text"], c) for c in page.chars if c["text"].strip()]
            objects += [
                (kind, o) for kind in ("line", "rect", "curve") for o in page.objects.get(kind, [])
            ]
            for what, o in objects:
                if o["x0"] < left or o["x1"] > right or o["top"] < top or o["bottom"] > bottom:
                    found.append(Overflow(n, what, o["x0"], o["top"], o["x1"], o["bottom"]))
    return found


def page_sizes(content: bytes) -> list[tuple[float, float]]:
    with pdfplumber.open(io.BytesIO(content)) as doc:
        return [(p.width, p.height) for p in doc.pages]


def pdf_text(content: bytes) -> list[str]:
    """The text of each page, as pdfplumber extracts it (lines joined with newlines)."""
    with pdfplumber.open(io.BytesIO(content)) as doc:
        return [p.extract_text() or "" for p in doc.pages]
