"""Hostile DOCX files, generated on demand: each builder writes one into a folder and returns its path.

Nothing here is committed as a binary. The large ones (a 1 GiB ZIP bomb, 50 MB of text) are streamed:
a repeated chunk is deflated once after a full flush and its compressed bytes are written again, so a
build takes well under a second and a few MB of memory.
"""
from __future__ import annotations

import io
import os
import random
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
GIB = 1 << 30
MIB = 1 << 20


@dataclass(frozen=True)
class Repeat:
    """`chunk` written `times` times in a row: deflated once, its compressed bytes repeated."""

    chunk: bytes
    times: int


Content = list["bytes | Repeat"]


def real_docx() -> bytes:
    """A small, ordinary DOCX made by python-docx."""
    document = docx.Document()
    document.add_heading("Ordinance No. 1", level=1)
    for n in range(1, 6):
        document.add_paragraph(f"Section {n}.1 Purpose. This ordinance protects the residents of the city, "
                               f"clause {n}.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def _deflated(content: list[bytes | Repeat]) -> Iterator[tuple[bytes, bytes]]:
    """(uncompressed piece, compressed bytes) pairs; each Repeat is compressed once."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    for piece in content:
        if isinstance(piece, Repeat):
            block = packer.compress(piece.chunk) + packer.flush(zlib.Z_FULL_FLUSH)
            for _ in range(piece.times):
                yield piece.chunk, block
        else:
            yield piece, packer.compress(piece) + packer.flush(zlib.Z_FULL_FLUSH)
    yield b"", packer.flush(zlib.Z_FINISH)


def write_zip(path: Path, members: dict[str, Content], *, declared_size: dict[str, int] | None = None) -> Path:
    """A ZIP written member by member without holding any member whole.

    Members with a Repeat are deflated, the others stored (a compressor per tiny part is slow).

    `declared_size` makes the headers lie about a member's uncompressed size.
    """
    directory = []
    with path.open("wb") as out:
        for name, content in members.items():
            deflate = any(isinstance(piece, Repeat) for piece in content)
            blocks = list(_deflated(content) if deflate else ((piece, piece) for piece in content))
            crc = 0
            for piece, _ in blocks:
                crc = zlib.crc32(piece, crc)
            size = (declared_size or {}).get(name, sum(len(piece) for piece, _ in blocks))
            raw_name, offset = name.encode(), out.tell()
            fields = (8 if deflate else 0, 0, 0x21, crc, sum(len(b) for _, b in blocks), size, len(raw_name))
            out.write(struct.pack("<IHH" + "HHHIIIH" + "H", 0x04034B50, 20, 0, *fields, 0) + raw_name)
            out.writelines(block for _, block in blocks)
            directory.append(struct.pack("<IHHH" + "HHHIIIH" + "HHHHII", 0x02014B50, 20, 20, 0, *fields,
                                         0, 0, 0, 0, 0, offset) + raw_name)
        start, count = out.tell(), len(directory)
        for entry in directory:
            out.write(entry)
        size, end = out.tell() - start, out.tell()
        if count > 0xFFFF:  # the ZIP64 end record holds the real count
            out.write(struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, size, start))
            out.write(struct.pack("<IIQI", 0x07064B50, 0, end, 1))
        count = min(count, 0xFFFF)
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, size, start, 0))
    return path


def _with(folder: Path, name: str, base: bytes, *, replace: dict[str, bytes] | None = None,
          drop: Iterable[str] = ()) -> Path:
    """The real DOCX with some parts replaced, added or dropped."""
    parts = {k: v for k, v in parts_of(base).items() if k not in set(drop)}
    parts.update(replace or {})
    return write_zip(folder / name, {k: [v] for k, v in parts.items()})


def _document(body: str, *, ns: str = W, prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{prolog}'
            f'<w:document xmlns:w="{ns}">{body}</w:document>').encode()


def _para(text: str) -> str:
    return f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body>"


# --- the builders: folder -> path of the hostile file --------------------------------------------------


def not_a_zip(folder: Path) -> Path:
    path = folder / "notes.docx"
    path.write_text("Minutes of the council meeting.\nThis is a text file renamed to .docx.\n" * 20)
    return path


def empty(folder: Path) -> Path:
    path = folder / "empty.docx"
    path.write_bytes(b"")
    return path


def truncated(folder: Path) -> Path:
    data = real_docx()
    path = folder / "truncated.docx"
    path.write_bytes(data[: len(data) // 2])
    return path


def zip_bomb(folder: Path) -> Path:
    """word/document.xml is 1 GiB of zeros, about 1 MB compressed; the headers say so honestly."""
    parts = {k: [v] for k, v in parts_of(real_docx()).items() if k != "word/document.xml"}
    return write_zip(folder / "bomb.docx", {**parts, "word/document.xml": [Repeat(bytes(MIB), GIB // MIB)]})


def zip_bomb_lying(folder: Path) -> Path:
    """The same bomb, but its headers claim word/document.xml is 1,000 bytes."""
    parts = {k: [v] for k, v in parts_of(real_docx()).items() if k != "word/document.xml"}
    return write_zip(folder / "bomb_lying.docx", {**parts, "word/document.xml": [Repeat(bytes(MIB), GIB // MIB)]},
                     declared_size={"word/document.xml": 1000})


def many_entries(folder: Path) -> Path:
    """100,000 tiny parts besides a real document."""
    parts = {k: [v] for k, v in parts_of(real_docx()).items()}
    return write_zip(folder / "many.docx", {**parts, **{f"word/media/x{n}.bin": [b"x"] for n in range(100_000)}})


def xxe(folder: Path) -> Path:
    """An external entity that would pull /etc/passwd into the text."""
    prolog = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    return _with(folder, "xxe.docx", real_docx(), replace={"word/document.xml": _document(_para("&xxe;"), prolog=prolog)})


def external_dtd(folder: Path) -> Path:
    """An external DTD and entity on a FIFO: a reader that opens either blocks forever."""
    fifo = folder / "trap.fifo"
    os.mkfifo(fifo)
    prolog = (f'<!DOCTYPE w:document SYSTEM "file://{fifo}" '
              f'[<!ENTITY % trap SYSTEM "file://{fifo}"> %trap; <!ENTITY e SYSTEM "file://{fifo}">]>\n')
    return _with(folder, "external_dtd.docx", real_docx(),
                 replace={"word/document.xml": _document(_para("&e;"), prolog=prolog)})


def _entity_chain(prefix: str, depth: int) -> str:
    """Internal entities, each ten references to the one before: the last expands to 10**depth copies."""
    chain = [f'<!ENTITY {prefix}0 "lol">']
    for n in range(1, depth + 1):
        ref = f"&{prefix}{n - 1};"
        chain.append(f'<!ENTITY {prefix}{n} "{ref * 10}">')
    return "".join(chain)


def billion_laughs(folder: Path) -> Path:
    prolog = f"<!DOCTYPE w:document [{_entity_chain('lol', 9)}]>\n"
    return _with(folder, "laughs.docx", real_docx(),
                 replace={"word/document.xml": _document(_para("&lol9;"), prolog=prolog)})


def laughs_in_core(folder: Path) -> Path:
    """The entity bomb sits in docProps/core.xml, a part other than the document."""
    core = (f'<?xml version="1.0"?><!DOCTYPE cp:coreProperties [{_entity_chain("a", 8)}]>'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&a8;</dc:title></cp:coreProperties>')
    return _with(folder, "laughs_core.docx", real_docx(), replace={"docProps/core.xml": core.encode()})


def utf16_doctype(folder: Path) -> Path:
    """A DTD in a UTF-16 document part, invisible to a byte search for '<!DOCTYPE'."""
    text = ('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE w:document [<!ENTITY x "entity">]>'
            f'<w:document xmlns:w="{W}">{_para("&x;")}</w:document>')
    return _with(folder, "utf16.docx", real_docx(), replace={"word/document.xml": text.encode("utf-16")})


def macro_enabled(folder: Path) -> Path:
    base = real_docx()
    types = parts_of(base)["[Content_Types].xml"].replace(DOCX_MAIN.encode(), MACRO_MAIN.encode())
    assert MACRO_MAIN.encode() in types
    return _with(folder, "macro.docm", base, replace={"[Content_Types].xml": types,
                                                      "word/vbaProject.bin": OLE_MAGIC + bytes(1024)})


def missing_document(folder: Path) -> Path:
    return _with(folder, "no_document.docx", real_docx(), drop=["word/document.xml"])


def encrypted(folder: Path) -> Path:
    """What Word writes for a password-protected file: an OLE compound file, not a ZIP."""
    path = folder / "encrypted.docx"
    path.write_bytes(OLE_MAGIC + bytes(4096 - len(OLE_MAGIC)))
    return path


def not_well_formed(folder: Path) -> Path:
    return _with(folder, "malformed.docx", real_docx(),
                 replace={"word/document.xml": _document("<w:body><w:p><w:r><w:t>open</w:r></w:p></w:body>")})


def no_body(folder: Path) -> Path:
    return _with(folder, "no_body.docx", real_docx(), replace={"word/document.xml": _document("")})


def deeply_nested(folder: Path) -> Path:
    body = "<w:body>" + "<w:sdt><w:sdtContent>" * 5000 + "</w:sdtContent></w:sdt>" * 5000 + "</w:body>"
    return _with(folder, "nested.docx", real_docx(), replace={"word/document.xml": _document(body)})


def zip_slip(folder: Path) -> Path:
    """A part named ../../evil.txt: harmless unless someone extracts the package."""
    return _with(folder, "slip.docx", real_docx(), replace={"../../evil.txt": b"written outside"})


def huge_text(folder: Path) -> Path:
    """One paragraph of 50 MB of ordinary words (deflates about 3:1, so no ratio check catches it)."""
    rng = random.Random(5)
    words = ["the", "council", "shall", "adopt", "ordinance", "section", "tenant", "notice", "rent", "city"]
    chunk = " ".join(rng.choice(words) + str(rng.randrange(1000)) for _ in range(MIB // 8)).encode()[:MIB]
    head = _document("<w:body><w:p><w:r><w:t>")[:-len(b"</w:document>")]
    document = [head, Repeat(chunk, 50), b"</w:t></w:r></w:p></w:body></w:document>"]
    parts = {k: [v] for k, v in parts_of(real_docx()).items() if k != "word/document.xml"}
    return write_zip(folder / "huge_text.docx", {**parts, "word/document.xml": document})


def too_many_paragraphs(folder: Path) -> Path:
    """100,000 empty paragraphs: 600 kB of XML, but more than the reader will compare."""
    return _with(folder, "paragraphs.docx", real_docx(),
                 replace={"word/document.xml": _document("<w:body>" + "<w:p/>" * 100_000 + "</w:body>")})


def bzip2_compressed(folder: Path) -> Path:
    """A real document's parts compressed with bzip2, which zipfile would inflate without a bound."""
    path = folder / "bzip2.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as archive:
        for name, payload in parts_of(real_docx()).items():
            archive.writestr(name, payload)
    return path


def strict_ooxml(folder: Path) -> Path:
    """ISO 29500 Strict: every namespace differs from the Transitional one Word saves by default."""
    base = parts_of(real_docx())
    rels = base["_rels/.rels"].replace(
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument")
    xml = base["word/document.xml"].replace(W.encode(), STRICT_W.encode())
    return _with(folder, "strict.docx", real_docx(), replace={"_rels/.rels": rels, "word/document.xml": xml})


def renamed_main_part(folder: Path) -> Path:
    """A valid DOCX whose main part is word/document2.xml, as _rels/.rels says (not hostile: supported)."""
    parts = parts_of(real_docx())
    parts["word/document2.xml"] = parts.pop("word/document.xml")
    parts["word/_rels/document2.xml.rels"] = parts.pop("word/_rels/document.xml.rels")
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b"word/document.xml", b"word/document2.xml")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"/word/document.xml",
                                                                        b"/word/document2.xml")
    assert b"word/document2.xml" in parts["_rels/.rels"]
    return write_zip(folder / "document2.docx", {k: [v] for k, v in parts.items()})


HOSTILE: dict[str, Callable[[Path], Path]] = {f.__name__: f for f in (
    not_a_zip, empty, truncated, zip_bomb, zip_bomb_lying, many_entries, xxe, external_dtd, billion_laughs,
    laughs_in_core, utf16_doctype, macro_enabled, missing_document, encrypted, not_well_formed, no_body,
    deeply_nested, zip_slip, huge_text, too_many_paragraphs, bzip2_compressed, strict_ooxml)}
