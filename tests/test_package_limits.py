"""Images in a DOCX are judged by their own size, not as a ZIP bomb (issue 13, item 4)."""
from __future__ import annotations

import io
import struct
import zipfile

import pytest
from support.hostile_docx import parts_of, real_docx

from draftkit.errors import UnreadableDocument
from draftkit.ooxml.package import MAX_IMAGE, open_docx


def _white_bitmap(width: int, height: int) -> bytes:
    """A white 24-bit BMP: a plain picture that deflates some thousand times over."""
    row = b"\xff" * (width * 3) + b"\x00" * (-width * 3 % 4)
    pixels = row * height
    header = struct.pack("<2sIHHI", b"BM", 54 + len(pixels), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(pixels), 2835, 2835, 0, 0)
    return header + info + pixels


def _docx_with(name: str, data: bytes) -> bytes:
    parts = {**parts_of(real_docx()), name: data}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, content in parts.items():
            archive.writestr(part, content)
    return out.getvalue()


def test_a_large_white_image_is_not_taken_for_a_zip_bomb():
    image = _white_bitmap(840, 840)
    assert len(image) > 2_100_000
    data = _docx_with("word/media/image1.bmp", image)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/media/image1.bmp")
    assert info.file_size / info.compress_size > 200  # far past the ratio that marks a bomb in other parts
    assert open_docx(data, name="scan.docx").parts["word/media/image1.bmp"] == image


def test_an_image_larger_than_its_limit_is_refused_by_its_size():
    data = _docx_with("word/media/image1.bmp", _white_bitmap(3400, 3400))
    with pytest.raises(UnreadableDocument, match=rf"the image word/media/image1.bmp is [\d,]+ bytes; the limit for "
                                                 rf"an image is {MAX_IMAGE:,}"):
        open_docx(data, name="scan.docx")


def test_another_part_that_compresses_that_well_is_still_refused():
    data = _docx_with("word/embeddings/blob.bin", b"\x00" * 2_200_000)
    with pytest.raises(UnreadableDocument, match="compressed suspiciously well"):
        open_docx(data, name="odd.docx")
