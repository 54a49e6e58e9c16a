"""Build a model's DOCX templates from their plain-text sources.

    python tools/make_templates.py [MODEL_DIR]      (default: templates/ordinance)

Each `source/<name>.txt` in the model folder becomes `<name>.docx` beside it. The line syntax of the sources
(titles, headings with provision bookmarks "## [id] text", control paragraphs, label columns, signature rows,
@keep and @footer) is documented in draftkit/templatebuild.py, which does the building.

Templates are built deterministically, so the committed DOCX files can be checked against their sources
(tests/test_templates.py does).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from draftkit.templatebuild import build_text


def build(source: Path) -> bytes:
    """Return the DOCX template built from one source text."""
    return build_text(source.read_text(encoding="utf-8"))


def main(argv: list[str]) -> int:
    model = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "templates" / "ordinance"
    for source in sorted((model / "source").glob("*.txt")):
        target = model / f"{source.stem}.docx"
        target.write_bytes(build(source))
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
