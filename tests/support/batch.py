"""Builders for the batch and bad-input tests: resumes, copies with distinct hashes, hostile PDFs."""

from __future__ import annotations

import os
import subprocess
import sys
import zlib
from pathlib import Path

from support import ROOT


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def resume_lines(name: str, email: str, phone: str, tools: str, title: str, extra: str) -> list[tuple[str, float, str]]:
    lines = [
        ("F2", 20, name),
        ("F1", 10, f"{email}  {phone}".strip()),
        ("F2", 13, "Experience"),
        ("F2", 10, f"{title}, Acme Corp    Jan 2023 - Present"),
        ("F1", 10, f"Built a retrieval-augmented generation service with {tools} in production."),
        ("F1", 10, "Cut support ticket handling time by 35% for 2,000 daily users."),
        ("F1", 10, extra),
        ("F2", 13, "Skills"),
        ("F1", 10, f"Python, {tools}"),
    ]
    return [line for line in lines if line[2]]


def make_resume(path: Path, name: str, email: str, phone: str = "", tools: str = "LangChain, Pinecone",
                title: str = "AI Engineer", extra: str = "", date: str = "20260115",
                encrypt: str | None = None) -> Path:
    """A small one-column resume, written as raw PDF (no PDF library needed in CI).

    `encrypt` protects it with that user password (RC4, the standard security handler).
    """
    ops = bytearray()
    y = 740.0
    for font, size, text in resume_lines(name, email, phone, tools, title, extra):
        ops += b"BT /%s %g Tf 60 %g Td %s Tj ET\n" % (font.encode(), size, y, _pdf_string(text))
        y -= 24 if size > 12 else 15
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        _stream(bytes(ops)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    if encrypt is not None:
        path.write_bytes(_encrypted_pdf(objs, encrypt))
    else:
        objs.append(f"<< /Title ({name} resume) /ModDate (D:{date}000000Z) >>".encode())
        path.write_bytes(raw_pdf(objs, info=len(objs)))
    return path


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


# The standard security handler, revision 2 (RC4, 40-bit): enough for a reader to need the password.
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    box = list(range(256))
    j = 0
    for i in range(256):
        j = (j + box[i] + key[i % len(key)]) % 256
        box[i], box[j] = box[j], box[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + box[i]) % 256
        box[i], box[j] = box[j], box[i]
        out.append(byte ^ box[(box[i] + box[j]) % 256])
    return bytes(out)


def _encrypted_pdf(objs: list[bytes], user: str, owner: str = "owner-secret") -> bytes:
    import hashlib

    file_id = hashlib.md5(b"screener test").digest()
    pad = lambda pw: (pw.encode("latin-1") + _PAD)[:32]  # noqa: E731
    o_entry = _rc4(hashlib.md5(pad(owner)).digest()[:5], pad(user))
    perms = -44
    key = hashlib.md5(pad(user) + o_entry + perms.to_bytes(4, "little", signed=True) + file_id).digest()[:5]
    u_entry = _rc4(key, _PAD)
    sealed = []
    for num, body in enumerate(objs, 1):
        if b"stream\n" in body:
            head, rest = body.split(b"stream\n", 1)
            data = rest.rsplit(b"\nendstream", 1)[0]
            obj_key = hashlib.md5(key + num.to_bytes(3, "little") + b"\0\0").digest()[:10]
            enc = _rc4(obj_key, data)
            head = head.replace(b"/Length %d" % len(data), b"/Length %d" % len(enc))
            body = head + b"stream\n" + enc + b"\nendstream"
        sealed.append(body)
    sealed.append(b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
                  % (o_entry.hex().encode(), u_entry.hex().encode(), perms))
    return raw_pdf(sealed, encrypt=len(sealed), file_id=file_id)


def image_only_pdf() -> bytes:
    """A page with one grey image and no text: what a scan looks like."""
    pixels = bytes((x * 7 + y * 3) % 256 for y in range(40) for x in range(80))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /XObject << /Im1 5 0 R >> >> >>",
        _stream(b"q 400 0 0 200 100 400 cm /Im1 Do Q"),
        _stream(pixels, b" /Type /XObject /Subtype /Image /Width 80 /Height 40 /ColorSpace /DeviceGray"
                        b" /BitsPerComponent 8"),
    ]
    return raw_pdf(objs)


def distinct_copy(src: Path, dest: Path, tag: str) -> Path:
    """The same PDF with a trailing comment: readers ignore it, the hash differs."""
    dest.write_bytes(src.read_bytes() + f"\n% copy {tag}\n".encode())
    return dest


def replicate(src_dir: Path, dest: Path, count: int, start: int = 0) -> list[Path]:
    """`count` distinct copies of the readable fixtures, cycling through them."""
    sources = sorted(p for p in src_dir.glob("*.pdf") if p.name[:1] != "9")
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(start, start + count):
        src = sources[i % len(sources)]
        out.append(distinct_copy(src, dest / f"{i:05d}_{src.name}", str(i)))
    return out


def raw_pdf(objects: list[bytes], root: int = 1, xref: bool = True, info: int = 0, encrypt: int = 0,
            file_id: bytes = b"") -> bytes:
    """A minimal PDF from numbered object bodies, with a correct (or no) cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    start = len(out)
    if xref:
        out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
        for off in offsets:
            out += f"{off:010d} 00000 n \n".encode()
    trailer = f"/Size {len(objects) + 1} /Root {root} 0 R"
    if info:
        trailer += f" /Info {info} 0 R"
    if encrypt:
        trailer += f" /Encrypt {encrypt} 0 R /ID [<{file_id.hex()}> <{file_id.hex()}>]"
    out += f"trailer\n<< {trailer} >>\nstartxref\n{start}\n%%EOF\n".encode()
    return bytes(out)


def blank_pages_pdf(pages: int) -> bytes:
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"] * pages
    return raw_pdf(objs)


def bomb_pdf(inflated_mb: int = 4096) -> bytes:
    """A page whose content stream is ~4 MB of Flate that inflates to `inflated_mb` MB of spaces.

    Built in milliseconds: after a full flush, deflate emits the same bytes for the
    same 1 MB of input, so one block is repeated instead of compressing GBs. The
    stream has no checksum trailer: a reader runs out of memory long before it.
    """
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    head = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    data = head + block * (inflated_mb - 1)
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + bytes(data) + b"\nendstream"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            stream]
    return raw_pdf(objs)


def run_cli(*args: str, timeout: float = 600, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m screener ...` in a fresh process, importing this checkout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "screener", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd or ROOT, env=env)


def popen_cli(*args: str, cwd: Path | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen([sys.executable, "-m", "screener", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=cwd or ROOT, env=env)


def sigkill_when(proc: subprocess.Popen[str], db: Path, count_sql: str, at_least: int) -> int:
    """SIGKILL a running screen once `count_sql` (a count over its state database, read-only) reaches
    `at_least`: a kill in the middle of the work, not before or after it. Returns the count seen."""
    import signal
    import sqlite3
    import time

    deadline, seen = time.monotonic() + 120, 0
    while seen < at_least:
        assert proc.poll() is None and time.monotonic() < deadline, "the run ended before it could be killed"
        time.sleep(0.01)
        try:
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            seen = con.execute(count_sql).fetchone()[0]
            con.close()
        except sqlite3.OperationalError:
            continue
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL
    return int(seen)
