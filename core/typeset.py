"""What every PDF of the project is typeset with: the fonts, text measured and wrapped to a width,
a canvas (members' books and cards, dues receipts and statements, fund ledgers).

Fonts: Liberation Serif, a Times-compatible serif with Vietnamese glyphs shipped in the
repository (``core/fonts``, SIL OFL 1.1), embedded as TrueType subsets with a ToUnicode map so
the text can be searched and copied. They are registered once per process.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from reportlab import rl_config
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas

CanvasMaker = Callable[..., rl_canvas.Canvas]
stringWidth = pdfmetrics.stringWidth
# Page streams are Flate-compressed binary; the ASCII85 layer reportlab adds by default only makes
# them a quarter bigger and slower to write (about 0.2 s in a 5,000-row book).
rl_config.useA85 = 0

# --- fonts -----------------------------------------------------------------------------------

# Liberation Serif, shipped in the repository (core/fonts, SIL OFL 1.1 with its licence): every
# machine lays out the same lines and pages, whatever fonts it has installed.
FONT_DIR = Path(settings.BASE_DIR) / "core" / "fonts"
FONT_FAMILY = "Liberation Serif"
FONT_FILES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bold_italic": "LiberationSerif-BoldItalic.ttf",
}


@dataclass(frozen=True)
class Fonts:
    family: str
    regular: str  # reportlab font names
    bold: str
    italic: str
    bold_italic: str


def font_files(directory: Path = FONT_DIR) -> dict[str, Path]:
    """{style: path} of the shipped font files."""
    files = {style: directory / name for style, name in FONT_FILES.items()}
    missing = [str(p) for p in files.values() if not p.is_file()]
    if missing:
        raise ImproperlyConfigured(f"The PDF fonts are missing from the repository: {missing}")
    return files


_fonts: Fonts | None = None
_fonts_lock = threading.Lock()


def fonts() -> Fonts:
    """The registered fonts; the TrueType files are read once per process."""
    global _fonts
    if _fonts is None:
        with _fonts_lock:
            if _fonts is None:
                files = font_files()
                names = {style: f"SohoiSerif-{style}" for style in files}
                for style, path in files.items():
                    pdfmetrics.registerFont(TTFont(names[style], str(path)))
                pdfmetrics.registerFontFamily(
                    names["regular"],
                    normal=names["regular"],
                    bold=names["bold"],
                    italic=names["italic"],
                    boldItalic=names["bold_italic"],
                )
                _fonts = Fonts(FONT_FAMILY, **names)
    return _fonts


# --- text helpers ----------------------------------------------------------------------------

ELLIPSIS = "…"


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    """A word wider than the cell (a long card number, a URL) cut between characters."""
    lines, current = [], ""
    for ch in word:
        if current and stringWidth(current + ch, font, size) > width:
            lines.append(current)
            current = ch
        else:
            current += ch
    return lines + [current] if current else lines


def wrap(text: str, font: str, size: float, width: float, max_lines: int = 0) -> list[str]:
    """``text`` in lines no wider than ``width``: at spaces (reportlab's ``simpleSplit``), and
    inside words that would not fit on a line of their own. At most ``max_lines`` (0: no limit),
    the last one ending in "…" when text was left out."""
    if not text:
        return []
    if "\n" not in text and stringWidth(text, font, size) <= width:
        return [text]  # the usual case: one call, no splitting
    lines: list[str] = []
    for line in simpleSplit(text, font, size, width):
        if stringWidth(line, font, size) <= width:
            lines.append(line)
        else:
            lines.extend(_break_word(line, font, size, width))
    if max_lines and len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and stringWidth(last + ELLIPSIS, font, size) > width:
            last = last[:-1]
        lines = lines[: max_lines - 1] + [last.rstrip() + ELLIPSIS]
    return lines


def fit_size(text: str, font: str, size: float, width: float, smallest: float = 6) -> float:
    """The font size (at most ``size``, at least ``smallest``) at which ``text`` fits ``width``."""
    w = stringWidth(text, font, size)
    return size if w <= width else max(smallest, size * width / w)


def _canvas(canvasmaker: CanvasMaker, out, pagesize, f: Fonts) -> rl_canvas.Canvas:
    # The initial font is ours too, or every page would also reference a non-embedded Helvetica.
    return canvasmaker(
        out, pagesize=pagesize, pageCompression=1, lang="vi", initialFontName=f.regular
    )
