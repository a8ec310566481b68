"""The hidden-text gaming suite: one weak resume, stuffed with column-A keywords by each known technique.

    python scripts/make_gaming_pdfs.py OUT_DIR

writes `base.pdf` (the resume alone: no AI evidence), one `<technique>.pdf` per way of hiding the
keywords a reader cannot see (issue 18's 26, plus the same-line variants found while building it),
and `control-<name>.pdf` files where the same keywords are printed so that a reader does see them
(the check must not pass by ignoring text). tests/read/test_gaming.py screens them all.
Every file is drawn with reportlab's canvas; the few operators it has no call for (CropBox origin,
raw content) are written as literal PDF operators through `canvas._code`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

PAGE = (612.0, 792.0)
# Seven column-A tools: visible, they make an ai-engineer of anyone with a role to put them in.
KEYWORDS = "LangChain LangGraph LlamaIndex Pinecone LangSmith Braintrust Helicone"
STUFF = [
    "- Built production RAG agents with LangChain, LangGraph, LlamaIndex and Pinecone.",
    "- LLM evals and observability with LangSmith, Braintrust and Helicone; cut cost 40%.",
]
RESUME = [
    (20, "Helvetica-Bold", "Dana Whitfield"),
    (10, "Helvetica", "Backend Engineer  |  dana.whitfield@example.com  |  +1 415 555 0199"),
    (0, "", ""),
    (12, "Helvetica-Bold", "Experience"),
    (10, "Helvetica-Bold", "Backend Engineer, Harbor Freight Systems|Mar 2019 - Present"),
    (10, "Helvetica", "- Order service in Java and PostgreSQL handling 3M requests a day."),
    (10, "Helvetica", "- Moved nightly batch jobs to Kafka; settlement lag down from 5 hours to 20 minutes."),
    (10, "Helvetica-Bold", "Software Engineer, Linden Bank|Jun 2015 - Feb 2019"),
    (10, "Helvetica", "- Internal payments APIs in Java; on-call for the card platform."),
    (0, "", ""),
    (12, "Helvetica-Bold", "Skills"),
    (10, "Helvetica", "Java, Python, PostgreSQL, Kafka, Docker, Terraform, AWS"),
    (0, "", ""),
    (12, "Helvetica-Bold", "Education"),
    (10, "Helvetica", "B.Sc. Computer Science, University of Oregon, 2011 - 2015"),
]
# Where the stuffed lines go: inside the Experience role, so that visible keywords there would count as
# role evidence (the controls prove it).
STUFF_X, STUFF_Y = 72.0, 570.0
DATE = "D:20261020120000Z"  # the resume's own date, so that "Present" is October 2026
WHITE, BLACK = Color(1, 1, 1), Color(0, 0, 0)


def resume(c: Canvas, dy: float = 0.0) -> None:
    y = 720.0 + dy
    for size, font, text in RESUME:
        if size:
            c.setFillColor(BLACK)
            c.setFont(font, size)
            left, _, right = text.partition("|")
            c.drawString(72, y, left)
            if right:
                c.drawRightString(540, y, right)
        y -= (size or 10) * 1.6
        if text.startswith("- Moved nightly"):
            y -= 40  # room for the stuffed lines (at STUFF_Y) inside the first role
    c.setFillColor(BLACK)


def stuff(
    c: Canvas,
    colour: Color | CMYKColor = BLACK,
    size: float = 9.0,
    x: float = STUFF_X,
    y: float = STUFF_Y,
    mode: int | None = None,
    hscale: float | None = None,
) -> None:
    """The stuffed lines as text objects, in one colour and render mode."""
    c.saveState()
    t = c.beginText(x, y)
    t.setFont("Helvetica", size)
    t.setFillColor(colour)
    if mode is not None:
        t.setTextRenderMode(mode)
    if hscale is not None:
        t.setHorizScale(hscale)
    for line in STUFF:
        t.textLine(line)
    c.drawText(t)
    c.restoreState()


def box(
    c: Canvas, colour: Color, x: float = STUFF_X - 4, y: float = STUFF_Y - 17, w: float = 470, h: float = 29
) -> None:
    c.saveState()
    c.setFillColor(colour)
    c.rect(x, y, w, h, stroke=0, fill=1)
    c.restoreState()


def _png(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> ImageReader:
    from PIL import Image

    Image.new("RGB", size, colour).save(path)
    return ImageReader(str(path))


# --------------------------------------------------------------------------- techniques


def t_white(c: Canvas, tmp: Path) -> None:
    stuff(c, WHITE)


def t_near_white(c: Canvas, tmp: Path) -> None:
    stuff(c, Color(0.97, 0.97, 0.98))


def t_cmyk_white(c: Canvas, tmp: Path) -> None:
    stuff(c, CMYKColor(0, 0, 0, 0))


def t_grey(c: Canvas, tmp: Path) -> None:
    stuff(c, Color(0.95, 0.95, 0.95))


def t_tiny(c: Canvas, tmp: Path) -> None:
    stuff(c, size=1.0)


def t_scaled(c: Canvas, tmp: Path) -> None:
    """A normal font scaled down by the text matrix (the size PDFium reports is 9, the drawn one 0.45)."""
    c.saveState()
    c.translate(STUFF_X, STUFF_Y)
    c.scale(0.05, 0.05)
    stuff(c, x=0, y=0)
    c.restoreState()


def t_off_page(c: Canvas, tmp: Path) -> None:
    stuff(c, x=700.0)


def t_render_mode_3(c: Canvas, tmp: Path) -> None:
    stuff(c, mode=3)


def t_covered(c: Canvas, tmp: Path) -> None:
    stuff(c)
    box(c, WHITE)


def t_clipped(c: Canvas, tmp: Path) -> None:
    c.saveState()
    p = c.beginPath()
    p.rect(STUFF_X, STUFF_Y, 1, 1)
    c.clipPath(p, stroke=0, fill=0)
    stuff(c)
    c.restoreState()


def t_behind_image(c: Canvas, tmp: Path) -> None:
    stuff(c)
    c.drawImage(_png(tmp / "white.png", (8, 8), (255, 255, 255)), STUFF_X - 4, STUFF_Y - 17, 470, 29)


def t_alpha_0(c: Canvas, tmp: Path) -> None:
    stuff(c, Color(0, 0, 0, alpha=0.0))  # reportlab writes the fill alpha as an ExtGState (/ca 0)


def t_hscale_1(c: Canvas, tmp: Path) -> None:
    stuff(c, hscale=1)


def t_white_stroke_over(c: Canvas, tmp: Path) -> None:
    """Black text, then a thick white line stroked over it."""
    stuff(c)
    c.saveState()
    c.setStrokeColor(WHITE)
    c.setLineWidth(34)
    c.line(STUFF_X - 4, STUFF_Y - 2, STUFF_X + 470, STUFF_Y - 2)
    c.restoreState()


def t_mode_1_white_stroke(c: Canvas, tmp: Path) -> None:
    c.saveState()
    c.setStrokeColor(WHITE)
    stuff(c, BLACK, mode=1)
    c.restoreState()


def t_render_mode_7(c: Canvas, tmp: Path) -> None:
    c.saveState()
    stuff(c, mode=7)
    c.restoreState()


def t_black_on_black(c: Canvas, tmp: Path) -> None:
    box(c, BLACK)
    stuff(c, BLACK)


def t_near_black_on_dark(c: Canvas, tmp: Path) -> None:
    box(c, Color(0.08, 0.08, 0.1))
    stuff(c, Color(0.1, 0.1, 0.12))


def t_below_cropbox(c: Canvas, tmp: Path) -> None:
    """The page shows y 100..892 of a taller media box: text at y 40 is below what is shown."""
    c.setCropBox((0, 100, 612, 892))
    c.setPageSize((612, 892))
    resume(c, dy=172)
    stuff(c, y=60.0)


def t_mode_3_over_white_image(c: Canvas, tmp: Path) -> None:
    c.drawImage(_png(tmp / "white.png", (8, 8), (255, 255, 255)), 0, 0, PAGE[0], PAGE[1])
    resume(c)
    stuff(c, mode=3)


def t_mode_3_over_tiny_image(c: Canvas, tmp: Path) -> None:
    c.drawImage(_png(tmp / "grey.png", (2, 2), (90, 90, 90)), STUFF_X, STUFF_Y, 2, 2)
    stuff(c, mode=3)


def t_white_on_white_box(c: Canvas, tmp: Path) -> None:
    box(c, WHITE)
    stuff(c, WHITE)


def t_fill_alpha_low(c: Canvas, tmp: Path) -> None:
    stuff(c, Color(0, 0, 0, alpha=0.02))


def t_under_image_grey_box(c: Canvas, tmp: Path) -> None:
    """Grey text on a grey image of the same tone."""
    c.drawImage(_png(tmp / "grey.png", (8, 8), (128, 128, 128)), STUFF_X - 4, STUFF_Y - 17, 470, 29)
    stuff(c, Color(128 / 255, 128 / 255, 128 / 255))


def t_covered_by_form(c: Canvas, tmp: Path) -> None:
    """Covered by a white rectangle that is drawn inside a form XObject."""
    stuff(c)
    c.beginForm("cover")
    box(c, WHITE)
    c.endForm()
    c.doForm("cover")


def t_white_in_form(c: Canvas, tmp: Path) -> None:
    c.beginForm("white")
    stuff(c, WHITE)
    c.endForm()
    c.doForm("white")


def t_alpha_0_around_form(c: Canvas, tmp: Path) -> None:
    """Black text in a form XObject, the form drawn under a fill alpha of 0 set outside it (the text
    inherits the graphics state's /ca 0 at the form's Do)."""
    c.beginForm("inherits")
    stuff(c)
    c.endForm()
    c.saveState()
    c.setFillAlpha(0.0)
    c.doForm("inherits")
    c.restoreState()


def t_alpha_0_deep_forms(c: Canvas, tmp: Path) -> None:
    """The same, the text six forms deep: deeper than the visibility scan opens forms."""
    c.beginForm("deep0")
    stuff(c)
    c.endForm()
    for k in range(1, 6):
        c.beginForm(f"deep{k}")
        c.doForm(f"deep{k - 1}")
        c.endForm()
    c.saveState()
    c.setFillAlpha(0.0)
    c.doForm("deep5")
    c.restoreState()


def t_mode_5_clip(c: Canvas, tmp: Path) -> None:
    """Render mode 5 (stroke and clip) with a white stroke."""
    c.saveState()
    c.setStrokeColor(WHITE)
    stuff(c, mode=5)
    c.restoreState()


def _clipped_dark_box(c: Canvas) -> None:
    """A dark box under the stuffed lines that a clip cuts down to one point: the page there stays white."""
    c.saveState()
    p = c.beginPath()
    p.rect(STUFF_X - 4, STUFF_Y - 17, 1, 1)
    c.clipPath(p, stroke=0, fill=0)
    box(c, Color(0.1, 0.2, 0.45))
    c.restoreState()


def t_white_over_clipped_dark_box(c: Canvas, tmp: Path) -> None:
    """White text over a dark box that a clip cuts away: the page under it is white."""
    _clipped_dark_box(c)
    stuff(c, WHITE)


def _see_through(alpha: float) -> Color:
    return Color(0, 0, 0, alpha=alpha)


def t_see_through_soft_mask(c: Canvas, tmp: Path) -> None:
    """Black text at 60% under a luminosity soft mask whose group draws nothing (its backdrop is black:
    the mask is 0 everywhere). Only the render can tell; the alpha alone says "visible"."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFObjectReference

    c.beginForm("nothing")
    c.endForm()
    mask = PDFDictionary(
        {"Type": PDFName("Mask"), "S": PDFName("Luminosity"), "G": PDFObjectReference("FormXob.nothing")}
    )
    c.saveState()
    c._extgstate._c[("SMask", mask)] = "gSMask0"  # reportlab has no call for a soft mask: its own gs table
    c._code.append("/gSMask0 gs")
    stuff(c, _see_through(0.6))
    c.restoreState()


def t_see_through_screen(c: Canvas, tmp: Path) -> None:
    """Black text at 70% in the Screen blend mode: over white paper, Screen gives white."""
    c.saveState()
    c.setBlendMode("Screen")
    stuff(c, _see_through(0.7))
    c.restoreState()


def t_see_through_on_own_tone(c: Canvas, tmp: Path) -> None:
    """Near-black text at 60% on a black box: too close to call by compositing; the render says hidden."""
    box(c, BLACK)
    stuff(c, Color(0.1, 0.1, 0.12, alpha=0.6))


def t_see_through_white_on_white_box(c: Canvas, tmp: Path) -> None:
    box(c, WHITE)
    stuff(c, Color(1, 1, 1, alpha=0.8))


def t_see_through_over_clipped_dark_box(c: Canvas, tmp: Path) -> None:
    """White text at 80% over a dark box that a clip cuts away: its backdrop is the white page."""
    _clipped_dark_box(c)
    stuff(c, Color(1, 1, 1, alpha=0.8))


TECHNIQUES: dict[str, Callable[[Canvas, Path], None]] = {
    # Caught before issue 18.
    "white": t_white,
    "near-white": t_near_white,
    "cmyk-white": t_cmyk_white,
    "grey": t_grey,
    "tiny": t_tiny,
    "scaled": t_scaled,
    "off-page": t_off_page,
    "render-mode-3": t_render_mode_3,
    # The 13 that won before issue 18.
    "covered": t_covered,
    "clipped": t_clipped,
    "behind-image": t_behind_image,
    "alpha-0": t_alpha_0,
    "hscale-1": t_hscale_1,
    "white-stroke-over": t_white_stroke_over,
    "mode-1-white-stroke": t_mode_1_white_stroke,
    "render-mode-7": t_render_mode_7,
    "black-on-black": t_black_on_black,
    "near-black-on-dark": t_near_black_on_dark,
    "below-cropbox": t_below_cropbox,
    "mode-3-over-white-image": t_mode_3_over_white_image,
    "mode-3-over-tiny-image": t_mode_3_over_tiny_image,
    # More of the same families.
    "white-on-white-box": t_white_on_white_box,
    "alpha-low": t_fill_alpha_low,
    "grey-on-grey-image": t_under_image_grey_box,
    "covered-by-form": t_covered_by_form,
    "white-in-form": t_white_in_form,
    "mode-5-white-stroke": t_mode_5_clip,
    # A fill alpha inherited into forms (the file-wide /ca rule now applies only past the scan's depth).
    "alpha-0-around-form": t_alpha_0_around_form,
    "alpha-0-deep-forms": t_alpha_0_deep_forms,
    # A backdrop that a clip cuts away.
    "white-over-clipped-dark-box": t_white_over_clipped_dark_box,
    # See-through text (a fill alpha of 0.5-0.99 is settled by compositing, alpha_text.py): only an alpha
    # with no soft mask or blend mode over a backdrop of known tone may be; the rest goes to the render.
    "see-through-soft-mask": t_see_through_soft_mask,
    "see-through-on-own-tone": t_see_through_on_own_tone,
    "see-through-white-on-white-box": t_see_through_white_on_white_box,
    "see-through-over-clipped-dark-box": t_see_through_over_clipped_dark_box,
}
ORDER_LAST = {"mode-3-over-white-image"}  # draws the resume itself, over its image
# Not techniques: see-through text that compositing must leave to the render. Black text in the Screen
# blend mode is white on white by the PDF specification, but PDFium (Chrome's viewer) draws it grey and
# readable, and the render is the reference: it counts (tests/read/test_alpha_text.py).
PROBES: dict[str, Callable[[Canvas, Path], None]] = {"see-through-screen-blend": t_see_through_screen}


def c_visible(c: Canvas, tmp: Path) -> None:
    stuff(c)


def c_white_on_dark(c: Canvas, tmp: Path) -> None:
    box(c, Color(0.1, 0.2, 0.45))
    stuff(c, WHITE)


def c_over_image(c: Canvas, tmp: Path) -> None:
    c.drawImage(_png(tmp / "light.png", (8, 8), (235, 240, 250)), STUFF_X - 4, STUFF_Y - 17, 470, 29)
    stuff(c)


def c_clip_large(c: Canvas, tmp: Path) -> None:
    c.saveState()
    p = c.beginPath()
    p.rect(0, 0, PAGE[0], PAGE[1])
    c.clipPath(p, stroke=0, fill=0)
    stuff(c)
    c.restoreState()


def c_mode_2(c: Canvas, tmp: Path) -> None:
    stuff(c, mode=2)


def c_gradient(c: Canvas, tmp: Path) -> None:
    c.saveState()
    p = c.beginPath()
    p.rect(STUFF_X - 4, STUFF_Y - 17, 470, 29)
    c.clipPath(p, stroke=0, fill=0)
    c.linearGradient(STUFF_X, 0, STUFF_X + 470, 0, [Color(0.1, 0.2, 0.5), Color(0.5, 0.1, 0.4)], extend=False)
    c.restoreState()
    stuff(c, WHITE)


def c_see_through(c: Canvas, tmp: Path) -> None:
    """Black text at 60% opacity (secondary text in Material Design): plainly readable."""
    stuff(c, _see_through(0.6))


def c_see_through_white_on_dark(c: Canvas, tmp: Path) -> None:
    """White text at 87% on a dark box (a dark theme's body text)."""
    box(c, Color(0.1, 0.2, 0.45))
    stuff(c, Color(1, 1, 1, alpha=0.87))


CONTROLS: dict[str, Callable[[Canvas, Path], None]] = {
    "visible": c_visible,
    "white-on-dark": c_white_on_dark,
    "over-light-image": c_over_image,
    "clip-whole-page": c_clip_large,
    "render-mode-2": c_mode_2,
    "white-on-gradient": c_gradient,
    "see-through": c_see_through,
    "see-through-white-on-dark": c_see_through_white_on_dark,
}


def write(path: Path, draw: Callable[[Canvas, Path], None] | None, tmp: Path, own_resume: bool = False) -> None:
    c = Canvas(str(path), pagesize=PAGE, invariant=1, pageCompression=0)
    c.setAuthor("screener gaming suite")
    c.setCreator("scripts/make_gaming_pdfs.py")
    _date(c)
    if not own_resume:
        resume(c)
    if draw is not None:
        draw(c, tmp)
    c.showPage()
    c.save()


def _date(c: Canvas) -> None:
    """A fixed ModDate in the Info dictionary (reportlab's invariant mode writes 2000-01-01)."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFString

    class Info(PDFInfo):
        def format(self, document: object) -> bytes:
            d = {"Creator": PDFString("scripts/make_gaming_pdfs.py"), "ModDate": PDFString(DATE)}
            out: bytes = PDFDictionary(d).format(document)
            return out

    c._doc.info = Info()


def make(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / "_images"
    tmp.mkdir(exist_ok=True)
    written = [out / "base.pdf"]
    write(written[0], None, tmp)
    for name, draw in TECHNIQUES.items():
        path = out / f"{name}.pdf"
        write(path, draw, tmp, own_resume=name in ORDER_LAST or name == "below-cropbox")
        written.append(path)
    for name, draw in CONTROLS.items():
        path = out / f"control-{name}.pdf"
        write(path, draw, tmp)
        written.append(path)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for p in make(Path(sys.argv[1])):
        print(p)
