"""Hand-written WordprocessingML: snippet helpers and a package writer for the Word-file test corpus.

Everything is spelled out as OOXML text (ECMA-376 Part 1) and zipped with zipfile, so a test document is
exactly what its case says and nothing else: no python-docx, no draftkit. `package()` writes the minimal
valid parts ([Content_Types].xml, _rels/.rels, word/document.xml, word/_rels/document.xml.rels,
word/styles.xml, word/settings.xml) plus numbering, notes, comments, header/footer and media parts when
the case gives them.
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from xml.sax.saxutils import escape

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "w10": "urn:schemas-microsoft-com:office:word",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "wp14": "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
}
DECLS = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items()) + ' mc:Ignorable="w14 wp14"'
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
PORTRAIT = '<w:pgSz w:w="12240" w:h="15840"/>'
LANDSCAPE = '<w:pgSz w:w="15840" w:h="12240" w:orient="landscape"/>'
MARGINS = ('<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" '
           'w:footer="720" w:gutter="0"/>')


# ---- runs and paragraphs --------------------------------------------------------------------------------

def t(text: str, rpr: str = "") -> str:
    """One run of text (xml:space preserved), with optional w:rPr content."""
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def p(*runs: str, style: str = "", num: tuple[int, int] | None = None, extra_ppr: str = "") -> str:
    """A paragraph; `num` is (numId, ilvl) for automatic list numbering; `extra_ppr` goes last (w:sectPr)."""
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    ppr += extra_ppr
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{''.join(runs)}</w:p>"


def heading(text: str) -> str:
    return p(t(text), style="Heading1")


def paras(*texts: str) -> str:
    return "".join(p(t(x)) for x in texts)


def fld_complex(instr: str, result: str, rpr: str = "") -> str:
    """A complex field: begin, instrText, separate, result run, end (ECMA-376 17.16.18)."""
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    char = '<w:r>{}<w:fldChar w:fldCharType="{}"/></w:r>'
    return (char.format(props, "begin") + f'<w:r>{props}<w:instrText xml:space="preserve">{escape(instr)}'
            f"</w:instrText></w:r>" + char.format(props, "separate") + t(result, rpr) + char.format(props, "end"))


def fld_simple(instr: str, result: str) -> str:
    return f'<w:fldSimple w:instr="{escape(instr)}">{t(result)}</w:fldSimple>'


def bookmark(bid: int, name: str, inner: str) -> str:
    return f'<w:bookmarkStart w:id="{bid}" w:name="{name}"/>{inner}<w:bookmarkEnd w:id="{bid}"/>'


def footnote_ref(nid: int) -> str:
    return f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{nid}"/></w:r>'


def endnote_ref(nid: int) -> str:
    return f'<w:r><w:rPr><w:rStyle w:val="EndnoteReference"/></w:rPr><w:endnoteReference w:id="{nid}"/></w:r>'


def tbl(*rows: list[str], widths: tuple[int, ...] | None = None, row_props: dict[int, str] | None = None) -> str:
    """A bordered table of plain-text cells, one list of cell texts per row; `row_props` gives some rows
    (by index) a w:trPr content, e.g. a tracked row insertion."""
    cols = len(rows[0])
    widths = widths or tuple(9000 // cols for _ in range(cols))
    grid = "".join(f'<w:gridCol w:w="{x}"/>' for x in widths)
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    row_props = row_props or {}
    body = "".join("<w:tr>" + (f"<w:trPr>{row_props[i]}</w:trPr>" if i in row_props else "")
                   + "".join(f'<w:tc><w:tcPr><w:tcW w:w="{wd}" w:type="dxa"/></w:tcPr>{p(t(c))}</w:tc>'
                             for c, wd in zip(row, widths)) + "</w:tr>" for i, row in enumerate(rows))
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
            f'<w:tblBorders>{borders}</w:tblBorders><w:tblLook w:val="04A0"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>")


def sect_pr(*, landscape: bool = False, header: bool = False, footer: bool = False) -> str:
    refs = ('<w:headerReference w:type="default" r:id="rIdHeader1"/>' if header else "") + (
        '<w:footerReference w:type="default" r:id="rIdFooter1"/>' if footer else "")
    return f"<w:sectPr>{refs}{LANDSCAPE if landscape else PORTRAIT}{MARGINS}<w:cols w:space=\"720\"/></w:sectPr>"


# ---- numbering ------------------------------------------------------------------------------------------

ORDINANCE_LEVELS = (("lowerLetter", "(%1)"), ("decimal", "(%2)"), ("lowerRoman", "(%3)"))


def numbering_xml(levels=ORDINANCE_LEVELS, *, restart_num: bool = False, suffix: str = "tab") -> str:
    """One abstract list (levels "(a)", "(1)", "(i)" by default) as w:num 1, and with `restart_num` a
    w:num 2 over the same list whose level 0 restarts at 1 (w:lvlOverride/w:startOverride)."""
    lvls = ""
    for i, (fmt, text) in enumerate(levels):
        lvls += (f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:suff w:val="{suffix}"/>'
                 f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr>'
                 f'<w:ind w:left="{720 * (i + 1)}" w:hanging="360"/></w:pPr></w:lvl>')
    nums = '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    if restart_num:
        nums += ('<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0">'
                 '<w:startOverride w:val="1"/></w:lvlOverride></w:num>')
    return (f'{XML}<w:numbering {DECLS}><w:abstractNum w:abstractNumId="0"><w:multiLevelType '
            f'w:val="multilevel"/>{lvls}</w:abstractNum>{nums}</w:numbering>')


# ---- notes, comments, headers and footers ---------------------------------------------------------------

def notes_xml(kind: str, notes: dict[int, str]) -> str:
    """footnotes.xml / endnotes.xml (`kind` "footnote" / "endnote") with the two separator notes."""
    ref, style = ("footnoteRef", "Footnote") if kind == "footnote" else ("endnoteRef", "Endnote")
    out = (f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
           f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
           f"</w:p></w:{kind}>")
    for nid, text in notes.items():
        out += (f'<w:{kind} w:id="{nid}"><w:p><w:pPr><w:pStyle w:val="{style}Text"/></w:pPr><w:r><w:rPr>'
                f'<w:rStyle w:val="{style}Reference"/></w:rPr><w:{ref}/></w:r>{t(" " + text)}</w:p></w:{kind}>')
    return f"{XML}<w:{kind}s {DECLS}>{out}</w:{kind}s>"


def comments_xml(comments: dict[int, str]) -> str:
    out = "".join(f'<w:comment w:id="{cid}" w:author="Reviewer" w:date="2024-03-01T10:00:00Z" w:initials="R">'
                  f'<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr><w:r><w:annotationRef/></w:r>{t(text)}'
                  f"</w:p></w:comment>" for cid, text in comments.items())
    return f"{XML}<w:comments {DECLS}>{out}</w:comments>"


def comment(cid: int, inner: str) -> str:
    """`inner` runs inside comment `cid`'s range, followed by the run holding its reference mark."""
    return (f'<w:commentRangeStart w:id="{cid}"/>{inner}<w:commentRangeEnd w:id="{cid}"/>'
            f'<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="{cid}"/></w:r>')


def header_footer_xml(kind: str, body: str) -> str:
    """header1.xml / footer1.xml: `kind` "hdr" or "ftr", `body` its paragraphs."""
    return f"{XML}<w:{kind} {DECLS}>{body}</w:{kind}>"


# ---- media ----------------------------------------------------------------------------------------------

def tiny_png(rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A valid 1x1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" + bytes(rgb))) + chunk(b"IEND", b""))


def inline_image(rid: str = "rIdImage1", pid: int = 1, cx: int = 914400, cy: int = 914400) -> str:
    """A run holding an inline picture (w:drawing/wp:inline/pic:pic with a:blip r:embed)."""
    return (f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
            f'<wp:docPr id="{pid}" name="Picture {pid}" descr="Posting location"/><wp:cNvGraphicFramePr>'
            f'<a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData '
            f'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr>'
            f'<pic:cNvPr id="{pid}" name="image{pid}.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
            f'<a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm>'
            f'<a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
            f"</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>")


def text_box(text: str, pid: int = 10) -> str:
    """A run holding an anchored text box: mc:AlternateContent with a DrawingML wps:txbx choice and a
    VML v:textbox fallback, both with the same w:txbxContent (as Word writes it)."""
    content = f"<w:txbxContent>{p(t(text))}</w:txbxContent>"
    choice = (f'<w:drawing><wp:anchor distT="45720" distB="45720" distL="114300" distR="114300" simplePos="0" '
              f'relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
              f'<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>3600000'
              f'</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0'
              f'</wp:posOffset></wp:positionV><wp:extent cx="1828800" cy="457200"/><wp:effectExtent l="0" t="0" '
              f'r="0" b="0"/><wp:wrapSquare wrapText="bothSides"/><wp:docPr id="{pid}" name="Text Box {pid}"/>'
              f'<wp:cNvGraphicFramePr/><a:graphic><a:graphicData '
              f'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
              f'<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1828800" cy="457200"/>'
              f'</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="FFFFFF"/>'
              f'</a:solidFill><a:ln w="6350"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>'
              f"</wps:spPr><wps:txbx>{content}</wps:txbx><wps:bodyPr rot=\"0\" vert=\"horz\" wrap=\"square\" "
              f'lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="t"/></wps:wsp></a:graphicData>'
              f"</a:graphic></wp:anchor></w:drawing>")
    fallback = (f'<w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
                f'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" '
                f'o:connecttype="rect"/></v:shapetype><v:shape id="TextBox{pid}" o:spid="_x0000_s10{pid}" '
                f'type="#_x0000_t202" style="position:absolute;margin-left:283.5pt;margin-top:0;width:2in;'
                f'height:36pt;z-index:251659264" fillcolor="white" strokeweight=".5pt"><v:textbox>{content}'
                f"</v:textbox><w10:wrap type=\"square\"/></v:shape></w:pict>")
    return (f'<w:r><mc:AlternateContent><mc:Choice Requires="wps">{choice}</mc:Choice>'
            f"<mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent></w:r>")


# ---- styles and the package -----------------------------------------------------------------------------

def _style(kind: str, sid: str, name: str, extra: str = "") -> str:
    return f'<w:style w:type="{kind}" w:styleId="{sid}"><w:name w:val="{name}"/>{extra}</w:style>'


STYLES = (f"{XML}<w:styles {DECLS}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" "
          'w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="24"/><w:lang w:val="en-US"/></w:rPr>'
          '</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults>'
          + _style("paragraph", "Normal", "Normal", "<w:qFormat/>").replace("<w:style ", '<w:style w:default="1" ')
          + _style("paragraph", "Heading1", "heading 1", '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
                   '<w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr>'
                   "<w:rPr><w:b/></w:rPr>")
          + _style("character", "DefaultParagraphFont", "Default Paragraph Font", "<w:uiPriority w:val=\"1\"/>"
                   ).replace("<w:style ", '<w:style w:default="1" ')
          + _style("table", "TableNormal", "Normal Table", '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
                   '<w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
                   ).replace("<w:style ", '<w:style w:default="1" ')
          + _style("table", "TableGrid", "Table Grid", '<w:basedOn w:val="TableNormal"/>')
          + "".join(_style("paragraph", f"{k}Text", f"{k.lower()} text", '<w:basedOn w:val="Normal"/>'
                           '<w:rPr><w:sz w:val="20"/></w:rPr>') for k in ("Footnote", "Endnote", "Comment"))
          + "".join(_style("character", f"{k}Reference", f"{k.lower()} reference",
                           '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>') for k in ("Footnote", "Endnote"))
          + _style("character", "CommentReference", "annotation reference", '<w:rPr><w:sz w:val="16"/></w:rPr>')
          + _style("character", "Hyperlink", "Hyperlink", '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/>'
                   "</w:rPr>")
          + _style("paragraph", "Header", "header", '<w:basedOn w:val="Normal"/>')
          + _style("paragraph", "Footer", "footer", '<w:basedOn w:val="Normal"/>')
          + "</w:styles>")


def package(body: str, *, numbering: str = "", footnotes: dict[int, str] | None = None,
            endnotes: dict[int, str] | None = None, comments: dict[int, str] | None = None,
            header: str = "", footer: str = "", image: bool = False, hyperlinks: dict[str, str] | None = None,
            final_sect: str | None = None) -> bytes:
    """A DOCX whose w:body is `body` followed by `final_sect` (default: portrait, with the header/footer
    references when `header` / `footer` paragraphs are given). Parts are written only when given."""
    parts: dict[str, str | bytes] = {}
    overrides = {"/word/document.xml": CT + "document.main+xml", "/word/styles.xml": CT + "styles+xml",
                 "/word/settings.xml": CT + "settings+xml"}
    rels = [("rIdStyles", "styles", "styles.xml"), ("rIdSettings", "settings", "settings.xml")]
    settings = ""
    if numbering:
        parts["word/numbering.xml"] = numbering
        overrides["/word/numbering.xml"] = CT + "numbering+xml"
        rels.append(("rIdNumbering", "numbering", "numbering.xml"))
    for kind, notes in (("footnote", footnotes), ("endnote", endnotes)):
        if notes is not None:
            parts[f"word/{kind}s.xml"] = notes_xml(kind, notes)
            overrides[f"/word/{kind}s.xml"] = CT + f"{kind}s+xml"
            rels.append((f"rId{kind.title()}s", f"{kind}s", f"{kind}s.xml"))
            settings += f'<w:{kind}Pr><w:{kind} w:id="-1"/><w:{kind} w:id="0"/></w:{kind}Pr>'
    if comments is not None:
        parts["word/comments.xml"] = comments_xml(comments)
        overrides["/word/comments.xml"] = CT + "comments+xml"
        rels.append(("rIdComments", "comments", "comments.xml"))
    for name, kind, content in (("header1", "hdr", header), ("footer1", "ftr", footer)):
        if content:
            parts[f"word/{name}.xml"] = header_footer_xml(kind, content)
            overrides[f"/word/{name}.xml"] = CT + f"{name[:-1]}+xml"
            rels.append((f"rId{name.title()}", name[:-1], f"{name}.xml"))
    if image:
        parts["word/media/image1.png"] = tiny_png()
        rels.append(("rIdImage1", "image", "media/image1.png"))
    rel_xml = "".join(f'<Relationship Id="{rid}" Type="{REL}{kind}" Target="{target}"/>' for rid, kind, target in rels)
    rel_xml += "".join(f'<Relationship Id="{rid}" Type="{REL}hyperlink" Target="{escape(url)}" TargetMode="External"/>'
                       for rid, url in (hyperlinks or {}).items())
    final = final_sect if final_sect is not None else sect_pr(header=bool(header), footer=bool(footer))
    parts["word/document.xml"] = f"{XML}<w:document {DECLS}><w:body>{body}{final}</w:body></w:document>"
    parts["word/styles.xml"] = STYLES
    parts["word/settings.xml"] = (f'{XML}<w:settings {DECLS}><w:defaultTabStop w:val="720"/>{settings}'
                                  '<w:compat><w:compatSetting w:name="compatibilityMode" '
                                  'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
                                  "</w:settings>")
    parts["word/_rels/document.xml.rels"] = f'{XML}<Relationships xmlns="{RELS_NS}">{rel_xml}</Relationships>'
    parts["_rels/.rels"] = (f'{XML}<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" '
                            f'Type="{REL}officeDocument" Target="word/document.xml"/></Relationships>')
    types = ('<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" '
             'ContentType="image/png"/>' + "".join(f'<Override PartName="{name}" ContentType="{ct}"/>'
                                                    for name, ct in overrides.items()))
    parts["[Content_Types].xml"] = (f'{XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                                    f'content-types">{types}</Types>')
    order = ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in order + sorted(set(parts) - set(order)):
            data = parts[name]
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()
