"""DejaVu Sans (it has the Vietnamese letters) for the PDFs the tests draw with reportlab.

matplotlib, a test dependency, ships the font, so no system font package is needed and no test
is skipped for want of one.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["dejavu_sans"]


def dejavu_sans() -> str:
    """Register DejaVu Sans with reportlab (once) and return its name."""
    import matplotlib
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(path)))
    return "DejaVuSans"
