#!/usr/bin/env python3
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Generate the bundled sample kit (packs/samples/) from packs/samples-src/.

Usage: python3 packs/samples-src/gen.py [OUTDIR]      (default: packs/samples)

Only the Python 3 standard library is used, plus `bsdtar` (libarchive-tools) for the one 7z pack.
Everything is deterministic: fixed timestamps (2026-03-01 00:00), entries sorted, deflate level 6,
no random values, so two runs give byte-identical files (tests/cli/samples.sh checks this).

Sources, per pack, in packs/samples-src/<stem>/:
  pack.json     what the pack is (file, task, applicant, ...) and its entries (see README.txt)
  *.txt *.tsv   text that becomes PDF / docx / pptx / xlsx entries; *.csv *.md copied (re-encoded if asked)
  facts.json    written by the rule-set authors (fact names come from rules/taskN.lua); optional here
"""
import json
import os
import struct
import subprocess
import sys
import tarfile
import io
import tempfile
import zlib

SRC = os.path.dirname(os.path.abspath(__file__))
PAGE_BREAK = "---page---"
# 2026-03-01 00:00:00
FIXED = (2026, 3, 1, 0, 0, 0)
FIXED_EPOCH = 1772323200  # 2026-03-01T00:00:00Z
PDF_DATE = "D:20260301000000Z"


def warn(msg):
    sys.stderr.write("gen.py: " + msg + "\n")


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def xml_escape(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


# --------------------------------------------------------------------------- PDF
# Text is drawn with the non-embedded Adobe CJK font STSong-Light (Adobe-GB1) through the
# predefined CMap UniGB-UCS2-H, so a code in the content stream is the UCS-2 value of the
# character; MuPDF and poppler map it back to Unicode through their built-in Adobe-GB1 tables.
# (An identity ToUnicode CMap was tried: MuPDF 1.21 warns "CMap is missing codespace range" on it
# and extracts the same text without it, so none is written.)

def _pdf_hex(s):
    out = []
    for ch in s:
        c = ord(ch)
        if c > 0xFFFF or 0xD800 <= c <= 0xDFFF:
            c = 0x3000  # outside UCS-2: an ideographic space (never in our sources)
        out.append("%04X" % c)
    return "<" + "".join(out) + ">"


def _char_width(ch):
    return 0.56 if ord(ch) < 0x7F else 1.0


def _pdf_runs(line, fs):
    """Show a line as runs: CJK and other non-ASCII text in F1 (STSong-Light), ASCII in F2 (Helvetica).
    With ASCII in the CJK font, MuPDF substitutes a fallback whose Latin advances differ from the
    widths we declare and extracts "2.1" as "2. 1"; Helvetica's metrics are known to every reader."""
    ops, i = [], 0
    while i < len(line):
        j = i
        ascii_run = ord(line[i]) < 0x7F
        while j < len(line) and (ord(line[j]) < 0x7F) == ascii_run:
            j += 1
        run = line[i:j]
        if ascii_run:
            lit = run.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append("/F2 %d Tf (%s) Tj" % (fs, lit))
        else:
            ops.append("/F1 %d Tf %s Tj" % (fs, _pdf_hex(run)))
        i = j
    return " ".join(ops)


def _wrap(line, max_em):
    """Wrap one paragraph at max_em ems (ASCII is half width). No line starts with CJK punctuation."""
    out, cur, w = [], "", 0.0
    for ch in line:
        cw = _char_width(ch)
        if w + cw > max_em and cur and ch not in "，。、；：？！）》”’":
            k = len(cur)
            if ch.isascii() and ch.isalnum():   # keep ASCII words and numbers whole
                while k > 0 and cur[k - 1].isascii() and (cur[k - 1].isalnum() or cur[k - 1] in "._-"):
                    k -= 1
            if k == 0:
                k = len(cur)
            out.append(cur[:k])
            cur = cur[k:]
            w = sum(_char_width(c) for c in cur)
        cur += ch
        w += cw
    out.append(cur)
    return out


def make_pdf(text, title):
    """A4 pages from text: pages split at PAGE_BREAK lines, '# ' lines are headings.
    A footer '第N页 共M页' is added to every page; long pages flow onto new pages."""
    W, H, margin, size = 595, 842, 64, 12
    src_pages = [p.strip("\n") for p in text.split("\n" + PAGE_BREAK + "\n")]
    pages = []  # list of list of (size, text)
    for sp in src_pages:
        cur, y = [], H - margin
        for raw in sp.split("\n"):
            if raw.startswith("# "):
                fs, body = 16, raw[2:]
            else:
                fs, body = size, raw
            wrapped = _wrap(body, (W - 2 * margin) / fs) if body else [""]
            for wl in wrapped:
                step = fs * 1.75
                if y - step < margin + 30:
                    pages.append(cur)
                    cur, y = [], H - margin
                y -= step
                cur.append((fs, y, wl))
        pages.append(cur)
    n = len(pages)
    objs = {}
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[3] = (b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
               b"/DescendantFonts [4 0 R] >>")
    objs[4] = (b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
               b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
               b"/FontDescriptor 5 0 R /DW 1000 >>")
    objs[5] = (b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
               b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
               b"/CapHeight 880 /StemV 93 >>")
    info_title = "<FEFF" + _pdf_hex(title)[1:]
    objs[6] = ("<< /Title %s /Producer (jury samples-src/gen.py) /CreationDate (%s) /ModDate (%s) >>"
               % (info_title, PDF_DATE, PDF_DATE)).encode("ascii")
    helv = 7 + 2 * n
    objs[helv] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    kids = []
    for i, lines in enumerate(pages):
        pobj, cobj = 7 + 2 * i, 8 + 2 * i
        kids.append("%d 0 R" % pobj)
        ops = []
        for fs, y, wl in lines:
            if wl:
                ops.append("BT 1 0 0 1 %d %.2f Tm %s ET" % (margin, y, _pdf_runs(wl, fs)))
        footer = "第%d页 共%d页" % (i + 1, n)
        ops.append("BT 1 0 0 1 %d %d Tm %s ET" % (W // 2 - 30, margin - 20, _pdf_runs(footer, 9)))
        stream = zlib.compress("\n".join(ops).encode("ascii"), 9)
        objs[cobj] = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"
        objs[pobj] = ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R /F2 %d 0 R >> >> "
                      "/Contents %d 0 R >>" % (W, H, helv, cobj)).encode("ascii")
    objs[2] = ("<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join(kids), n)).encode("ascii")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    maxobj = max(objs)
    offsets = [0] * (maxobj + 1)
    for num in range(1, maxobj + 1):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n" % (maxobj + 1)
    out += b"0000000000 65535 f \n"
    for num in range(1, maxobj + 1):
        out += b"%010d 00000 n \n" % offsets[num]
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (maxobj + 1, xref)
    return bytes(out)


# --------------------------------------------------------------------------- OOXML
# Minimal but complete packages: Word, Excel and PowerPoint open them; our reader needs only
# word/document.xml, xl/sharedStrings.xml + xl/worksheets/*, ppt/slides/*.

XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"


def _rels(items):
    body = "".join('<Relationship Id="%s" Type="%s" Target="%s"/>' % it for it in items)
    return XML_HEAD + '<Relationships xmlns="%s">%s</Relationships>' % (NS_PKG_REL, body)


def _content_types(defaults, overrides):
    d = "".join('<Default Extension="%s" ContentType="%s"/>' % x for x in defaults)
    o = "".join('<Override PartName="%s" ContentType="%s"/>' % x for x in overrides)
    return XML_HEAD + '<Types xmlns="%s">%s%s</Types>' % (NS_CT, d, o)


_CT_DEFAULTS = [("rels", "application/vnd.openxmlformats-package.relationships+xml"), ("xml", "application/xml")]
_REL_DOC = NS_R + "/officeDocument"


def _core_props(title):
    return (XML_HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>%s</dc:title><dc:creator>jury samples'
            '</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2026-03-01T00:00:00Z</dcterms:created>'
            '</cp:coreProperties>' % xml_escape(title))


def _ooxml_zip(parts):
    entries = [(name, data.encode("utf-8") if isinstance(data, str) else data) for name, data in parts]
    # [Content_Types].xml first, as Office writes it; then the rest in sorted order.
    entries.sort(key=lambda e: (e[0] != "[Content_Types].xml", e[0]))
    return zip_bytes([(n, d, False) for n, d in entries], utf8_flag=True, sort=False)


def make_docx(text, title):
    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paras = []
    for line in text.split("\n"):
        if line == PAGE_BREAK:
            paras.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
        elif line.startswith("# "):
            paras.append('<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/><w:sz w:val="32"/></w:rPr>'
                         '<w:t xml:space="preserve">%s</w:t></w:r></w:p>' % xml_escape(line[2:]))
        elif line.startswith("## "):
            paras.append('<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r></w:p>'
                         % xml_escape(line[3:]))
        else:
            paras.append('<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % xml_escape(line))
    doc = (XML_HEAD + '<w:document xmlns:w="%s" xmlns:r="%s"><w:body>%s<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
           '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="851" w:footer="992" '
           'w:gutter="0"/></w:sectPr></w:body></w:document>' % (W, NS_R, "".join(paras)))
    ct = _content_types(_CT_DEFAULTS, [
        ("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml")])
    rels = _rels([("rId1", _REL_DOC, "word/document.xml"),
                  ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                   "docProps/core.xml")])
    return _ooxml_zip([("[Content_Types].xml", ct), ("_rels/.rels", rels), ("word/document.xml", doc),
                       ("docProps/core.xml", _core_props(title))])


def _col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _is_number(s):
    try:
        float(s)
    except ValueError:
        return False
    return s.strip() == s and s != "" and not (len(s) > 1 and s[0] == "0" and s[1] != ".")


def make_xlsx(tsv, title):
    """tsv: '## sheet NAME' starts a sheet; tab-separated cells; numbers stay numbers."""
    sheets, cur = [], None
    for line in tsv.rstrip("\n").split("\n"):
        if line.startswith("## sheet "):
            cur = (line[len("## sheet "):].strip(), [])
            sheets.append(cur)
        elif cur is not None:
            cur[1].append(line.split("\t"))
    strings, index = [], {}
    sheet_xml = []
    for name, rows in sheets:
        xr = []
        for r, row in enumerate(rows):
            cells = []
            for c, val in enumerate(row):
                if val == "":
                    continue
                ref = "%s%d" % (_col_name(c), r + 1)
                if _is_number(val):
                    cells.append('<c r="%s"><v>%s</v></c>' % (ref, val))
                else:
                    if val not in index:
                        index[val] = len(strings)
                        strings.append(val)
                    cells.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, index[val]))
            xr.append('<row r="%d">%s</row>' % (r + 1, "".join(cells)))
        sheet_xml.append(XML_HEAD + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                         'xmlns:r="%s"><sheetData>%s</sheetData></worksheet>' % (NS_R, "".join(xr)))
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sst = (XML_HEAD + '<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>'
           % (ns, len(strings), len(strings),
              "".join('<si><t xml:space="preserve">%s</t></si>' % xml_escape(s) for s in strings)))
    wb = (XML_HEAD + '<workbook xmlns="%s" xmlns:r="%s"><sheets>%s</sheets></workbook>'
          % (ns, NS_R, "".join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (xml_escape(n), i + 1, i + 1)
                               for i, (n, _) in enumerate(sheets))))
    styles = (XML_HEAD + '<styleSheet xmlns="%s"><fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>'
              '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
              '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
              '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
              '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
              '</styleSheet>' % ns)
    n = len(sheets)
    wb_rels = _rels([("rId%d" % (i + 1), NS_R + "/worksheet", "worksheets/sheet%d.xml" % (i + 1)) for i in range(n)]
                    + [("rId%d" % (n + 1), NS_R + "/sharedStrings", "sharedStrings.xml"),
                       ("rId%d" % (n + 2), NS_R + "/styles", "styles.xml")])
    sml = "application/vnd.openxmlformats-officedocument.spreadsheetml."
    ct = _content_types(_CT_DEFAULTS,
                        [("/xl/workbook.xml", sml + "sheet.main+xml")]
                        + [("/xl/worksheets/sheet%d.xml" % (i + 1), sml + "worksheet+xml") for i in range(n)]
                        + [("/xl/sharedStrings.xml", sml + "sharedStrings+xml"), ("/xl/styles.xml", sml + "styles+xml"),
                           ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml")])
    rels = _rels([("rId1", _REL_DOC, "xl/workbook.xml"),
                  ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                   "docProps/core.xml")])
    parts = [("[Content_Types].xml", ct), ("_rels/.rels", rels), ("xl/workbook.xml", wb),
             ("xl/_rels/workbook.xml.rels", wb_rels), ("xl/sharedStrings.xml", sst), ("xl/styles.xml", styles),
             ("docProps/core.xml", _core_props(title))]
    parts += [("xl/worksheets/sheet%d.xml" % (i + 1), x) for i, x in enumerate(sheet_xml)]
    return _ooxml_zip(parts)


_THEME = ('<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="jury"><a:themeElements>'
          '<a:clrScheme name="jury"><a:dk1><a:srgbClr val="000000"/></a:dk1><a:lt1><a:srgbClr val="FFFFFF"/></a:lt1>'
          '<a:dk2><a:srgbClr val="1F2937"/></a:dk2><a:lt2><a:srgbClr val="F3F4F6"/></a:lt2>'
          '<a:accent1><a:srgbClr val="B91C1C"/></a:accent1><a:accent2><a:srgbClr val="1D4ED8"/></a:accent2>'
          '<a:accent3><a:srgbClr val="047857"/></a:accent3><a:accent4><a:srgbClr val="B45309"/></a:accent4>'
          '<a:accent5><a:srgbClr val="6D28D9"/></a:accent5><a:accent6><a:srgbClr val="0E7490"/></a:accent6>'
          '<a:hlink><a:srgbClr val="1D4ED8"/></a:hlink><a:folHlink><a:srgbClr val="6D28D9"/></a:folHlink></a:clrScheme>'
          '<a:fontScheme name="jury"><a:majorFont><a:latin typeface="Arial"/><a:ea typeface="SimHei"/>'
          '<a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Arial"/><a:ea typeface="SimSun"/>'
          '<a:cs typeface=""/></a:minorFont></a:fontScheme><a:fmtScheme name="jury"><a:fillStyleLst>'
          + '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>' * 3 + '</a:fillStyleLst><a:lnStyleLst>'
          + '<a:ln w="9525"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>' * 3
          + '</a:lnStyleLst><a:effectStyleLst>' + '<a:effectStyle><a:effectLst/></a:effectStyle>' * 3
          + '</a:effectStyleLst><a:bgFillStyleLst>' + '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>' * 3
          + '</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>')


def make_pptx(text, title):
    """Slides split at PAGE_BREAK lines; the first line of a slide is its title."""
    P = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' \
        'xmlns:r="%s" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"' % NS_R
    tree0 = ('<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
             '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
             '<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>')

    def shape(sid, name, x, y, cx, cy, paras, size):
        ps = "".join('<a:p><a:r><a:rPr lang="zh-CN" sz="%d"/><a:t>%s</a:t></a:r></a:p>' % (size, xml_escape(t))
                     for t in paras)
        return ('<p:sp><p:nvSpPr><p:cNvPr id="%d" name="%s"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
                '<p:spPr><a:xfrm><a:off x="%d" y="%d"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect">'
                '<a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr wrap="square"/><a:lstStyle/>%s</p:txBody>'
                '</p:sp>' % (sid, name, x, y, cx, cy, ps))
    slides = [s.strip("\n").split("\n") for s in text.split("\n" + PAGE_BREAK + "\n")]
    parts = []
    for i, lines in enumerate(slides):
        body = shape(2, "标题", 457200, 304800, 8229600, 914400, [lines[0]], 3200)
        body += shape(3, "正文", 457200, 1371600, 8229600, 4572000, [x for x in lines[1:] if x], 2000)
        parts.append(("ppt/slides/slide%d.xml" % (i + 1),
                      XML_HEAD + '<p:sld %s><p:cSld><p:spTree>%s%s</p:spTree></p:cSld></p:sld>' % (P, tree0, body)))
        parts.append(("ppt/slides/_rels/slide%d.xml.rels" % (i + 1),
                      _rels([("rId1", NS_R + "/slideLayout", "../slideLayouts/slideLayout1.xml")])))
    n = len(slides)
    master = (XML_HEAD + '<p:sldMaster %s><p:cSld><p:spTree>%s</p:spTree></p:cSld><p:clrMap bg1="lt1" tx1="dk1" '
              'bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" '
              'accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/><p:sldLayoutIdLst>'
              '<p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>' % (P, tree0))
    layout = (XML_HEAD + '<p:sldLayout %s type="blank"><p:cSld name="空白"><p:spTree>%s</p:spTree></p:cSld>'
              '<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>' % (P, tree0))
    pres = (XML_HEAD + '<p:presentation %s><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/>'
            '</p:sldMasterIdLst><p:sldIdLst>%s</p:sldIdLst><p:sldSz cx="9144000" cy="6858000"/>'
            '<p:notesSz cx="6858000" cy="9144000"/></p:presentation>'
            % (P, "".join('<p:sldId id="%d" r:id="rId%d"/>' % (256 + i, i + 3) for i in range(n))))
    pml = "application/vnd.openxmlformats-officedocument.presentationml."
    ct = _content_types(_CT_DEFAULTS,
                        [("/ppt/presentation.xml", pml + "presentation.main+xml"),
                         ("/ppt/slideMasters/slideMaster1.xml", pml + "slideMaster+xml"),
                         ("/ppt/slideLayouts/slideLayout1.xml", pml + "slideLayout+xml"),
                         ("/ppt/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml"),
                         ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml")]
                        + [("/ppt/slides/slide%d.xml" % (i + 1), pml + "slide+xml") for i in range(n)])
    parts += [
        ("[Content_Types].xml", ct),
        ("_rels/.rels", _rels([("rId1", _REL_DOC, "ppt/presentation.xml"),
                               ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                                "core-properties", "docProps/core.xml")])),
        ("ppt/presentation.xml", pres),
        ("ppt/_rels/presentation.xml.rels",
         _rels([("rId1", NS_R + "/slideMaster", "slideMasters/slideMaster1.xml"),
                ("rId2", NS_R + "/theme", "theme/theme1.xml")]
               + [("rId%d" % (i + 3), NS_R + "/slide", "slides/slide%d.xml" % (i + 1)) for i in range(n)])),
        ("ppt/slideMasters/slideMaster1.xml", master),
        ("ppt/slideMasters/_rels/slideMaster1.xml.rels",
         _rels([("rId1", NS_R + "/slideLayout", "../slideLayouts/slideLayout1.xml"),
                ("rId2", NS_R + "/theme", "../theme/theme1.xml")])),
        ("ppt/slideLayouts/slideLayout1.xml", layout),
        ("ppt/slideLayouts/_rels/slideLayout1.xml.rels",
         _rels([("rId1", NS_R + "/slideMaster", "../slideMasters/slideMaster1.xml")])),
        ("ppt/theme/theme1.xml", XML_HEAD + _THEME),
        ("docProps/core.xml", _core_props(title)),
    ]
    return _ooxml_zip(parts)


# --------------------------------------------------------------------------- images

def make_png(width, height, rgb1, rgb2):
    """A small RGB PNG: a diagonal two-colour pattern with a band, like a thumbnail of a photo."""
    raw = bytearray()
    for y in range(height):
        raw.append(0)
        for x in range(width):
            t = (x + 2 * y) % 32 < 16
            c = rgb1 if t else rgb2
            if height // 3 <= y < height // 3 + 4:
                c = (250, 250, 250)
            raw += bytes(c)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))


def _huff_codes(bits, vals):
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[vals[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


_DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]   # ITU T.81 table K.3
_DC_VALS = list(range(12))
_AC_BITS = [1] + [0] * 15                                     # one symbol: EOB (0x00)
_AC_VALS = [0]


def make_jpeg(width, height, blocks):
    """A baseline JFIF JPEG (YCbCr 4:4:4) made of flat 8x8 blocks: blocks(bx, by) -> (r, g, b).
    Flat blocks need only a DC coefficient per block, so the encoder stays tiny."""
    bw, bh = (width + 7) // 8, (height + 7) // 8
    dc = _huff_codes(_DC_BITS, _DC_VALS)
    ac = _huff_codes(_AC_BITS, _AC_VALS)
    out_bits = []

    def put(code, length):
        for i in range(length - 1, -1, -1):
            out_bits.append((code >> i) & 1)
    pred = [0, 0, 0]
    for by in range(bh):
        for bx in range(bw):
            r, g, b = blocks(bx, by)
            ycc = (0.299 * r + 0.587 * g + 0.114 * b,
                   128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
                   128 + 0.5 * r - 0.418688 * g - 0.081312 * b)
            for comp in range(3):
                # DC = 8 * (value - 128); quantiser 8 -> value - 128
                q = int(round(ycc[comp] - 128))
                diff = q - pred[comp]
                pred[comp] = q
                mag = abs(diff)
                cat = mag.bit_length()
                put(*dc[cat])
                if cat:
                    put(diff if diff > 0 else diff + (1 << cat) - 1, cat)
                put(*ac[0])
    while len(out_bits) % 8:
        out_bits.append(1)
    data = bytearray()
    for i in range(0, len(out_bits), 8):
        byte = 0
        for bit in out_bits[i:i + 8]:
            byte = (byte << 1) | bit
        data.append(byte)
        if byte == 0xFF:
            data.append(0)

    def seg(marker, payload):
        return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload
    jfif = seg(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    dqt = seg(0xDB, b"\x00" + bytes([8] * 64))
    sof = seg(0xC0, struct.pack(">BHHB", 8, height, width, 3) + b"\x01\x11\x00\x02\x11\x00\x03\x11\x00")
    dht = seg(0xC4, b"\x00" + bytes(_DC_BITS) + bytes(_DC_VALS) + b"\x10" + bytes(_AC_BITS) + bytes(_AC_VALS))
    sos = seg(0xDA, b"\x03\x01\x00\x02\x00\x03\x00\x00\x3f\x00")
    return b"\xff\xd8" + jfif + dqt + sof + dht + sos + bytes(data) + b"\xff\xd9"


# --------------------------------------------------------------------------- ZIP
# A small writer of our own: zipfile always sets the UTF-8 flag on non-ASCII names, and we need
# names stored as GBK bytes without it (as Chinese Windows writes them), fixed times and attributes.

def _dos_time(t=FIXED):
    y, mo, d, h, mi, s = t
    return ((h << 11) | (mi << 5) | (s // 2)), (((y - 1980) << 9) | (mo << 5) | d)


def zip_bytes(entries, utf8_flag=True, gbk=False, sort=True):
    """entries: (name, data, is_dir). name is str; stored as UTF-8 (flag set) or as GBK bytes (no flag).
    Directories end with '/'. Deflate level 6 for files, stored for empty ones."""
    if sort:
        entries = sorted(entries, key=lambda e: e[0])
    dtime, ddate = _dos_time()
    out, central = bytearray(), bytearray()
    for name, data, is_dir in entries:
        if gbk:
            bname, flags, made_by = name.encode("gbk"), 0, 20           # 0x0014: MS-DOS, 2.0
            ext_attr = 0x10 if is_dir else 0x20
        else:
            bname = name.encode("utf-8")
            nonascii = any(b >= 0x80 for b in bname)
            flags = 0x800 if (utf8_flag and nonascii) else 0
            made_by = (3 << 8) | 20                                    # Unix, 2.0
            ext_attr = ((0o40755 if is_dir else 0o100644) << 16) | (0x10 if is_dir else 0)
        crc = zlib.crc32(data) & 0xFFFFFFFF
        if data and not is_dir:
            co = zlib.compressobj(6, zlib.DEFLATED, -15, 8)
            comp = co.compress(data) + co.flush()
            method = 8
        else:
            comp, method = data, 0
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, method, dtime, ddate, crc, len(comp), len(data),
                           len(bname), 0) + bname + comp
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, made_by, 20, flags, method, dtime, ddate, crc,
                               len(comp), len(data), len(bname), 0, 0, 0, 0, ext_attr, offset) + bname
    cd_off = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), cd_off, 0)
    return bytes(out)


def with_dirs(files):
    """Add explicit directory entries for every folder of the file names, as archivers do."""
    dirs = set()
    for name, _ in files:
        parts = name.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            dirs.add("/".join(parts[:i]) + "/")
    return [(d, b"", True) for d in dirs] + [(n, d, False) for n, d in files]


def make_7z(files, out_path):
    """7z through bsdtar: files -> an in-memory ustar tar with fixed times/owners -> `bsdtar --format 7zip`.
    Reading from a tar (not the disk) keeps atime/ctime and readdir order out of the archive."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT, encoding="utf-8") as tf:
        for name, data, is_dir in sorted(with_dirs(files), key=lambda e: e[0]):
            ti = tarfile.TarInfo(name.rstrip("/"))
            ti.mtime, ti.uid, ti.gid, ti.uname, ti.gname = FIXED_EPOCH, 0, 0, "", ""
            if is_dir:
                ti.type, ti.mode = tarfile.DIRTYPE, 0o755
                tf.addfile(ti)
            else:
                ti.mode, ti.size = 0o644, len(data)
                tf.addfile(ti, io.BytesIO(data))
    with tempfile.TemporaryDirectory() as tmp:
        tpath = os.path.join(tmp, "in.tar")
        with open(tpath, "wb") as f:
            f.write(buf.getvalue())
        env = dict(os.environ, LC_ALL="C.UTF-8", TZ="UTC")
        if os.path.exists(out_path):
            os.unlink(out_path)
        subprocess.run(["bsdtar", "--format", "7zip", "--options", "7zip:compression=lzma2",
                        "-cf", out_path, "@" + tpath], check=True, env=env)


# --------------------------------------------------------------------------- packs

def build_entry(src_dir, e, title):
    kind = e["type"]
    if kind in ("pdf", "docx", "pptx", "xlsx"):
        text = read_text(os.path.join(src_dir, e["from"]))
        t = e.get("title", title)
        return {"pdf": make_pdf, "docx": make_docx, "pptx": make_pptx, "xlsx": make_xlsx}[kind](text, t)
    if kind == "png":
        return make_png(e.get("width", 48), e.get("height", 32), tuple(e.get("color", [180, 40, 40])),
                        tuple(e.get("color2", [240, 220, 200])))
    if kind == "jpeg":
        w, h = e.get("width", 32), e.get("height", 24)
        c1, c2 = tuple(e.get("color", [60, 120, 180])), tuple(e.get("color2", [230, 200, 120]))
        return make_jpeg(w, h, lambda bx, by: c1 if (bx + by) % 2 == 0 else c2)
    if kind == "copy":
        with open(os.path.join(src_dir, e["from"]), "rb") as f:
            data = f.read()
        enc = e.get("encoding")
        if enc:  # sources are UTF-8; re-encode, e.g. "gbk" or "utf-8-sig" (BOM), with CRLF if asked
            text = data.decode("utf-8")
            if e.get("crlf"):
                text = text.replace("\n", "\r\n")
            data = text.encode(enc)
        return data
    if kind == "bytes":  # literal content given in pack.json (hidden files and the like)
        if "hex" in e:
            return bytes.fromhex(e["hex"])
        return e.get("text", "").encode("utf-8")
    raise ValueError("unknown entry type %r" % kind)


def load_facts(src_dir):
    path = os.path.join(src_dir, "facts.json")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def build_pack(stem, out_dir):
    src_dir = os.path.join(SRC, stem)
    with open(os.path.join(src_dir, "pack.json"), encoding="utf-8") as f:
        spec = json.load(f)
    title = spec["title"]
    files = []      # (path inside the pack's content root, bytes)
    spec_evidence = []
    for e in spec["entries"]:
        files.append((e["path"], build_entry(src_dir, e, title)))
        if e.get("indicators"):
            spec_evidence.append({"path": e["path"], "indicators": e["indicators"]})
    paths = {p for p, _ in files}
    facts = load_facts(src_dir)
    manifest = {"format": "jury-pack/1", "task": spec["task"], "applicant": spec["applicant"],
                "title": spec["title"], "region": spec.get("region")}
    if facts is None:
        warn("%s: no facts.json yet, writing empty facts" % stem)
        manifest["facts"] = {}
        manifest["evidence"] = spec_evidence
    else:
        for k in ("task", "applicant", "title", "region"):
            if facts.get(k) is not None:
                if k == "task" and facts[k] != spec["task"]:
                    warn("%s: facts.json task %r differs from pack.json %r; using facts.json"
                         % (stem, facts[k], spec["task"]))
                manifest[k] = facts[k]
        manifest["facts"] = facts.get("facts", {})
        ev, seen = [], set()
        for item in facts.get("evidence", []) or []:
            if item.get("path") in paths:
                ev.append({"path": item["path"], "indicators": list(item.get("indicators", []))})
                seen.add(item["path"])
            else:
                warn("%s: facts.json evidence path %r is not in the pack; skipped" % (stem, item.get("path")))
        ev += [x for x in spec_evidence if x["path"] not in seen]
        manifest["evidence"] = ev
    if manifest.get("region") is None:
        del manifest["region"]
    mbytes = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    files.append(("manifest.json", mbytes))
    top = spec.get("top")
    if top:
        files = [(top + "/" + p, d) for p, d in files]
    for h in spec.get("extra", []):   # entries outside the content root: __MACOSX/, .DS_Store
        files.append((h["path"], build_entry(src_dir, h, title)))
    out_path = os.path.join(out_dir, "packs", spec["file"])
    fmt = spec.get("format", "zip")
    if fmt == "7z":
        make_7z(files, out_path)
    else:
        entries = with_dirs(files) if spec.get("dir_entries", True) else [(n, d, False) for n, d in files]
        data = zip_bytes(entries, gbk=(spec.get("names") == "gbk"))
        with open(out_path, "wb") as f:
            f.write(data)
    return spec, manifest


def build_kit(specs, out_dir):
    kit_src = os.path.join(SRC, "kit")
    with open(os.path.join(kit_src, "kit.json"), encoding="utf-8") as f:
        kit = json.load(f)
    tasks = []
    for spec, manifest in specs:
        if manifest["task"] not in tasks:
            tasks.append(manifest["task"])
    kit["tasks"] = tasks
    order = ["format", "id", "name", "tasks", "aggregation", "veto_policy"]
    kit = {k: kit[k] for k in order if k in kit} | {k: v for k, v in kit.items() if k not in order}
    with open(os.path.join(out_dir, "kit.json"), "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(kit, ensure_ascii=False, indent=2) + "\n")
    # roster.csv: copied. conflicts.csv: from panels.json. assignments.csv: every reviewer of the pack's
    # panel, minus the reviewers with a declared conflict on that pack or its applicant.
    # CRLF line ends, as `jury kit init` writes them (Excel-friendly).
    roster_text = read_text(os.path.join(kit_src, "roster.csv"))
    rows = [line.split(",") for line in roster_text.strip("\n").split("\n")[1:]]
    with open(os.path.join(kit_src, "panels.json"), encoding="utf-8") as f:
        panels = json.load(f)

    def write_csv(name, lines):
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    write_csv("roster.csv", roster_text.strip("\n").split("\n"))
    conflicts = panels.get("conflicts", [])
    write_csv("conflicts.csv", ["reviewer_id,target,reason"]
              + ["%s,%s,%s" % (c["reviewer_id"], c["target"], c["reason"]) for c in conflicts])
    lines = ["reviewer_id,pack"]
    for spec, manifest in specs:
        panel = panels["tasks"][manifest["task"]]
        skip = {c["reviewer_id"] for c in conflicts if c["target"] in (spec["file"], manifest["applicant"])}
        for r in rows:
            if r[2] == panel and r[0] not in skip:
                lines.append("%s,%s" % (r[0], spec["file"]))
    write_csv("assignments.csv", lines)
    with open(os.path.join(kit_src, "README.txt"), "rb") as f:
        readme = f.read()
    with open(os.path.join(out_dir, "README.txt"), "wb") as f:
        f.write(readme)


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(SRC, "..", "samples")
    os.makedirs(os.path.join(out_dir, "packs"), exist_ok=True)
    with open(os.path.join(SRC, "order.txt"), encoding="utf-8") as f:
        stems = [x.strip() for x in f if x.strip() and not x.startswith("#")]
    specs = [build_pack(stem, out_dir) for stem in stems]
    build_kit(specs, out_dir)


if __name__ == "__main__":
    main()
