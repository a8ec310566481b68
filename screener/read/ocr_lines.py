"""OCR's words -> the positioned items the layout stage reads, the way a PDF's glyphs are.

Tesseract gives each word a box, a baseline and a confidence, but no type size or weight and
not every bullet. Here a tilted scan's positions are turned level, each line gets one baseline
and a size from how far its capitals rise, bold is judged from stroke width, and bullets are
found in the ink when Tesseract read them as a letter or not at all.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from math import atan2, cos, degrees, radians, sin

from PIL import Image, ImageFilter

from screener.read.base import RawChar


@dataclass
class OcrWord:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float
    confidence: float
    line: int  # index of the text line Tesseract put it in
    pixel: tuple[int, int, int, int] = (0, 0, 0, 0)  # the box in the image, kept when positions are deskewed
    pixel_baseline: float = 0.0


def baseline_at(base: tuple[tuple[int, int], tuple[int, int]], x: float) -> float:
    (x1, y1), (x2, y2) = base
    if x2 == x1:
        return float(y1)
    return y1 + (y2 - y1) * (x - x1) / (x2 - x1)


_NOISE = re.compile(r"^[\W_]{1,2}$")


def plausible(w: OcrWord) -> bool:
    """Speckle read as a word ('~', '.,') at low confidence is dropped; real punctuation is kept."""
    return not (_NOISE.match(w.text) and w.text not in "•-–—|·*" and w.confidence < 50)


# --------------------------------------------------------------------------- geometry


MIN_SKEW_DEG = 0.1  # below this the page is taken as straight
MAX_SKEW_DEG = 10.0  # beyond this a line's slope is noise (a stray mark), not the page's tilt


def deskew(words: list[OcrWord], size: tuple[int, int]) -> None:
    """Rotate word positions so that text lines run level.

    A scan tilted by 2 degrees drifts 60 px across a 200 dpi page, more than a line; the layout
    stage groups words into rows by their height, so positions are turned back about the
    page's centre (the words' own boxes are upright enough at such small angles).
    """
    slopes: list[float] = []
    by_line: dict[int, list[OcrWord]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    for ws in by_line.values():
        if len(ws) < 3:
            continue
        first, last = ws[0], ws[-1]
        run = (last.x0 + last.x1) / 2 - (first.x0 + first.x1) / 2
        if run > 100:
            angle = degrees(atan2(last.baseline - first.baseline, run))
            if abs(angle) < MAX_SKEW_DEG:
                slopes.append(angle)
    if not slopes:
        return
    angle = statistics.median(slopes)
    if abs(angle) < MIN_SKEW_DEG:
        return
    cx, cy = size[0] / 2, size[1] / 2
    c, s = cos(radians(-angle)), sin(radians(-angle))
    for w in words:
        mx, my = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        nx = cx + (mx - cx) * c - (my - cy) * s
        ny = cy + (mx - cx) * s + (my - cy) * c
        dx, dy = nx - mx, ny - my
        # The baseline moves with the word's centre; its offset inside the word is kept.
        w.x0, w.x1, w.top, w.bottom, w.baseline = w.x0 + dx, w.x1 + dx, w.top + dy, w.bottom + dy, w.baseline + dy


_TALL = re.compile(r"[A-Z0-9bdfhkl]")  # glyphs that reach cap height or above ('t' stops short)
CAP_HEIGHT = 0.72  # cap and ascender height over type size, measured on the fixtures' rendered pages
ASCENT = 0.90  # the type box a PDF engine reports for a glyph, above the baseline, over the size
DESCENT = 0.25  # and below it
SAME_SIZE = 0.06  # a line within 6% of the page's body size is set in it (OCR's boxes wobble by a pixel)


@dataclass
class OcrLine:
    words: list[OcrWord]
    baseline: float  # pixels, after deskewing
    pixel_baseline: float  # pixels, in the image as scanned
    size_px: float  # type size in pixels
    measured: bool = True  # False: no glyph of the line reaches cap height, so its size is the page's
    bullet: bool = False  # a bullet glyph Tesseract dropped was found left of the first word


def lines_of(words: list[OcrWord]) -> list[OcrLine]:
    """Tesseract's text lines, each with one baseline and one type size.

    The size comes from how far the line's tallest glyphs rise above its baseline; each word's
    own box varies with its ink ('on' is short, '*' floats), the line's rise does not.
    """
    grouped: dict[int, list[OcrWord]] = {}
    for w in words:
        grouped.setdefault(w.line, []).append(w)
    lines: list[OcrLine] = []
    for ws in grouped.values():
        tall = [w for w in ws if _TALL.search(w.text)]
        basis = tall or [w for w in ws if w.text.isalnum()] or ws
        baseline = statistics.median(w.baseline for w in basis)
        rise = statistics.median(w.baseline - w.top for w in basis)
        size = max(rise / CAP_HEIGHT, 1.0)
        lines.append(OcrLine(ws, baseline, statistics.median(w.pixel_baseline for w in basis), size, bool(tall)))
    return lines


def snap_sizes(lines: list[OcrLine]) -> None:
    """Lines within SAME_SIZE of the page's most common size take that size exactly."""
    weight: dict[int, int] = {}
    for ln in lines:
        if not ln.measured:
            continue
        key = round(ln.size_px)
        weight[key] = weight.get(key, 0) + sum(len(w.text) for w in ln.words)
    if not weight:
        return
    body = float(max(weight, key=lambda k: weight[k]))
    for ln in lines:
        if not ln.measured or abs(ln.size_px - body) <= SAME_SIZE * body:
            ln.size_px = body


def raw_chars(lines: list[OcrLine], px_per_pt: float, bold: dict[int, bool]) -> list[RawChar]:
    """One layout item per word: its box in points, set on its line's baseline at the line's size.

    Every word of a line gets the line's size and vertical band, as glyphs of one font do in a
    PDF, so rows and styles come out whole instead of varying with each word's ink.
    """
    out: list[RawChar] = []
    for ln in lines:
        size = round(ln.size_px / px_per_pt * 2) / 2  # half points: the steps type is set in
        top = (ln.baseline - ASCENT * ln.size_px) / px_per_pt
        bottom = (ln.baseline + DESCENT * ln.size_px) / px_per_pt
        first = True
        if ln.bullet:
            x = ln.words[0].x0 / px_per_pt - size
            out.append(
                RawChar("•", x, top, x + 0.4 * size, bottom, size, bold=False, space_before=True, newline_before=True)
            )
            first = False
        for w in ln.words:
            text = w.text
            out.append(
                RawChar(
                    text=text,
                    x0=w.x0 / px_per_pt,
                    top=top,
                    x1=w.x1 / px_per_pt,
                    bottom=bottom,
                    size=size,
                    bold=bold.get(id(w), False),
                    space_before=True,
                    newline_before=first,
                    units=len(text),
                )
            )
            first = False
    return out


_BULLET_READS = {"*", "«", "»", "°", "©", "®", "¢", "e", "o", "m", "a", "=", "@"}  # Tesseract's spellings of a bullet
BULLET_REACH = 2.5  # how far left of a line's first word (in type sizes) a dropped bullet may sit


def find_bullets(ink: Image.Image, lines: list[OcrLine]) -> None:
    """Mark lines that open with a bullet: a small solid dot or square, read as a letter or not at all.

    'e', 'o', 'm' and 'a' are real words too, so a one-glyph first word is a bullet only when its
    pixels are a solid blob; a dot Tesseract dropped is looked for left of the first word.
    """
    for ln in lines:
        first = ln.words[0]
        s = ln.size_px
        if first.text in _BULLET_READS and len(ln.words) > 1:
            x0, top, x1, bottom = first.pixel
            if first.text in "*«»°©®¢" or _is_dot(ink.crop((x0, top, x1 + 1, bottom + 1)), s):
                ln.words.pop(0)
                ln.bullet = True
            continue
        if first.text[:1] in "•·-–*":
            continue
        x0, base = first.pixel[0], ln.pixel_baseline
        box = (int(x0 - BULLET_REACH * s), int(base - 0.6 * s), int(x0 - 0.1 * s), int(base))
        if box[0] >= 0 and box[2] > box[0] and _is_dot(_last_mark(ink.crop(box)), s):
            ln.bullet = True


def _last_mark(region: Image.Image) -> Image.Image:
    """The rightmost run of inked columns in a region: what sits just left of a line's first word.

    The search box can reach back into a sidebar's panel or a column's last letters; only the
    mark nearest the word can be its bullet.
    """
    width = region.size[0]
    profile = region.resize((width, 1), Image.Resampling.BOX).tobytes()
    right = width
    while right > 0 and not profile[right - 1]:
        right -= 1
    left = right
    while left > 0 and profile[left - 1]:
        left -= 1
    return region.crop((left, 0, right, region.size[1]))


def _is_dot(region: Image.Image, size_px: float) -> bool:
    """True when the ink in `region` is one small solid blob: a bullet, not a letter."""
    bbox = region.getbbox()
    if bbox is None:
        return False
    w, h = bbox[2] - bbox[0], bbox[3] - bbox[1]
    if not (0.12 * size_px <= w <= 0.5 * size_px and 0.12 * size_px <= h <= 0.5 * size_px and 0.6 <= w / h <= 1.6):
        return False
    filled = region.crop(bbox).histogram()[255] / (w * h)
    return filled > 0.6  # a disc fills 79% of its box, a square all of it; letters far less


# --------------------------------------------------------------------------- weight

INK = 128  # grey level below which a pixel is ink
BOLD_OVER_REGULAR = 1.18  # a word whose strokes are this much wider than the page's typical word is bold
MIN_INK = 40  # pixels a word needs before its stroke width is trusted; a smaller one takes its line's verdict


def ink_images(image: Image.Image, invert: bool = False) -> tuple[Image.Image, Image.Image]:
    """The page's ink as a 0/255 image, and the same thinned by one pixel on each side.

    `invert`: the light pixels of a 0/255 image are taken as ink instead (text on a dark panel).
    """
    ink = image.point(lambda v: 0 if v >= INK else 255) if not invert else image.point(lambda v: 255 - v)
    return ink, ink.filter(ImageFilter.MinFilter(3))


def bold_words(ink: Image.Image, thin: Image.Image, lines: list[OcrLine]) -> dict[int, bool]:
    """Which words are set in bold (keyed by id), judged from stroke width against the page's own.

    Thinning the ink by one pixel on each side removes a share of it that depends on how wide the
    strokes are: share lost = 2 / width. Width over type size is compared with the page's typical
    value (most words are regular), since fonts differ in how heavy their regular weight is.
    """
    inverted: tuple[Image.Image, Image.Image] | None = None
    measured: list[tuple[OcrLine, list[tuple[int, float]]]] = []
    for ln in lines:
        per_word: list[tuple[int, float]] = []
        for w in ln.words:
            x0, top, x1, bottom = w.pixel
            box = (x0, top, x1 + 1, bottom + 1)
            full = _count(ink, box)
            if full > 0.5 * (x1 - x0 + 1) * (bottom - top + 1):
                # Light text on a dark panel: the letters are the light pixels.
                if inverted is None:
                    inverted = ink_images(ink, invert=True)
                full, kept = _count(inverted[0], box), _count(inverted[1], box)
            else:
                kept = _count(thin, box)
            per_word.append((full, _stroke(full, kept) / ln.size_px))
        measured.append((ln, per_word))
    weights = sorted((ratio, full) for _, ws in measured for full, ratio in ws if full >= MIN_INK)
    if not weights:
        return {}
    regular = _weighted_median(weights)
    out: dict[int, bool] = {}
    for ln, per_word in measured:
        full_line = sum(f for f, _ in per_word)
        line_ratio = sum(f * r for f, r in per_word) / full_line if full_line else 0.0
        for w, (full, ratio) in zip(ln.words, per_word, strict=True):
            out[id(w)] = (ratio if full >= MIN_INK else line_ratio) > BOLD_OVER_REGULAR * regular
    return out


def _stroke(full: int, kept: int) -> float:
    """Stroke width in pixels from the ink before and after thinning (0 when nothing is left to judge)."""
    if full == 0 or kept >= full:
        return 0.0
    return 2 / (1 - kept / full)


def _weighted_median(pairs: list[tuple[float, int]]) -> float:
    total = sum(w for _, w in pairs)
    seen = 0
    for value, weight in pairs:
        seen += weight
        if 2 * seen >= total:
            return value
    return pairs[-1][0]


def _count(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """Ink pixels inside a box of a 0/255 image."""
    return int(image.crop(box).histogram()[255])
