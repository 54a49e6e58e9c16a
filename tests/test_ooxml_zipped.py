"""The DOCX writer: the bytes Python's zipfile writes, deflate streams of repeated parts reused, in bounded
memory."""
from __future__ import annotations

import io
import os
import zipfile

from draftkit.ooxml import zipped
from draftkit.ooxml.zipped import CORE, FIXED_TIME, _part_order, _Streams, core_xml, deterministic_zip


def by_zipfile(parts: dict[str, bytes], properties: dict[str, str]) -> bytes:
    """The same package written member by member with the standard library."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name in sorted(parts, key=_part_order):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type, info.external_attr, info.create_system = zipfile.ZIP_DEFLATED, 0o644 << 16, 3
            package.writestr(info, core_xml(parts[name], properties) if name == CORE else parts[name],
                             compresslevel=6)
    return out.getvalue()


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def test_the_bytes_are_zipfiles_for_every_template_and_odd_names(model):
    properties = {"dc:title": "Title", "dcterms:created": "2026-01-01T00:00:00Z"}
    for path in model.templates.values():
        parts = parts_of(path.read_bytes())
        parts["word/média/ünïcode name.xml"] = "<x>é</x>".encode()
        parts["empty.bin"] = b""
        parts["random.bin"] = os.urandom(70_000)  # does not deflate: stored deflated anyway, as zipfile does
        first = deterministic_zip(parts, properties=properties)
        assert first == by_zipfile(parts, properties)
        assert deterministic_zip(parts, properties=properties) == first  # again, from the reused streams
        with zipfile.ZipFile(io.BytesIO(first)) as package:
            assert package.testzip() is None
            assert package.read("word/média/ünïcode name.xml") == "<x>é</x>".encode()
            assert package.namelist()[0] == "[Content_Types].xml"


def test_reused_streams_are_bounded_and_the_most_recent_kept():
    streams = _Streams(budget=1000)
    common = b"<styles>" + b"s" * 300 + b"</styles>"
    streams.deflated(common)
    for i in range(20):
        body = f"<body>{i}</body>".encode() * 20
        assert zipped.zlib.decompress(streams.deflated(body)[1], -15) == body
        streams.deflated(common)  # used again each time: stays
    assert streams.held <= 1000
    assert common in streams.streams
    assert sum(map(len, streams.streams)) == streams.held
    crc, stream = streams.deflated(common)
    assert crc == zipped.zlib.crc32(common) and zipped.zlib.decompress(stream, -15) == common
