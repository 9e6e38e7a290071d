"""The page and paragraph styles of GB/T 9704-2012 (党政机关公文格式) that every Word document
fazhi builds in code shares: the annual report (reports/default_template.py) and the case
documents (core/case_documents.py). A4, the 156 × 225 mm text block, 22 lines of 28 characters,
3号仿宋 body, 2号小标宋 title, page numbers "— 1 —" outside, and the 署名 centred on the 成文日期.
"""

import io

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

# GB/T 9704-2012 5.2.1 and 7: A4; text block 156 × 225 mm (top 37, left 28).
PAGE = {"width": Mm(210), "height": Mm(297), "top": Mm(37), "bottom": Mm(35)}
PAGE |= {"left": Mm(28), "right": Mm(26)}
BODY_SIZE = Pt(16)  # 3号
TITLE_SIZE = Pt(22)  # 2号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
# 22 lines in the 225 mm block: 28.95 pt a line, on a line grid. 28 characters in 156 mm
# (442 pt): each 16 pt character is narrowed by 0.25 pt (in twentieths of a point). A
# "linesAndChars" grid would do it too, but LibreOffice and WPS lay such grids out with
# double-width cells, so the spacing is set on the characters instead.
LINE_PITCH_TWIPS = 579
CHARACTER_SPACING = -5
INDENT = Pt(32)  # two characters

FONTS = {
    "body": "仿宋_GB2312",
    "title": "方正小标宋简体",
    "h1": "黑体",
    "h2": "楷体_GB2312",
    "page_number": "宋体",
}
STYLES = {
    # name: (font, size, alignment, first-line indent)
    "公文正文": (FONTS["body"], BODY_SIZE, WD_ALIGN_PARAGRAPH.JUSTIFY, INDENT),
    "公文标题": (FONTS["title"], TITLE_SIZE, WD_ALIGN_PARAGRAPH.CENTER, None),
    "主送机关": (FONTS["body"], BODY_SIZE, WD_ALIGN_PARAGRAPH.LEFT, None),
    "一级标题": (FONTS["h1"], BODY_SIZE, WD_ALIGN_PARAGRAPH.JUSTIFY, INDENT),
    "二级标题": (FONTS["h2"], BODY_SIZE, WD_ALIGN_PARAGRAPH.JUSTIFY, INDENT),
    "发文机关署名": (FONTS["body"], BODY_SIZE, WD_ALIGN_PARAGRAPH.RIGHT, None),
    "成文日期": (FONTS["body"], BODY_SIZE, WD_ALIGN_PARAGRAPH.RIGHT, None),
}
SIGNER_STYLE, DATE_STYLE = "发文机关署名", "成文日期"
# One 字 of the body: a 16 pt character narrowed by the character spacing, in twips.
CHARACTER_TWIPS = int(BODY_SIZE.pt * 20) + CHARACTER_SPACING
# GB/T 9704-2012 7.3.5.1 (加盖印章的公文): 成文日期一般右空四字编排; 单一机关行文时，一般在成文日期
# 之上、以成文日期为准居中编排发文机关署名. The report is signed by the bureau, and a document
# bearing its issuer's 署名 bears its seal (党政机关公文处理工作条例 第九条第十三项), so 7.3.5.1
# applies, not 7.3.5.2 (不加盖印章: 署名右空二字, the date's first character two further right).
DATE_RIGHT_CHARACTERS = 4


def set_east_asian_font(target, font: str):
    """python-docx names only the Latin font; Chinese text takes w:eastAsia."""
    target.font.name = font
    r_pr = target.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), font)


def _document_defaults(doc):
    """The character grid's pitch is taken from the document's default font size: it must be
    the body's 16 pt, or a 16 pt character would take two cells of a smaller grid."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag in ("w:sz", "w:szCs"):
        size = r_pr.find(qn(tag))
        if size is None:
            size = OxmlElement(tag)
            r_pr.append(size)
        size.set(qn("w:val"), str(int(BODY_SIZE.pt * 2)))
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), FONTS["body"])


def add_styles(doc):
    _document_defaults(doc)
    normal = doc.styles["Normal"]
    set_east_asian_font(normal, FONTS["body"])
    normal.font.size = BODY_SIZE
    for name, (font, size, alignment, indent) in STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        set_east_asian_font(style, font)
        style.font.size = size
        if size == BODY_SIZE:
            spacing = OxmlElement("w:spacing")
            spacing.set(qn("w:val"), str(CHARACTER_SPACING))
            style.element.get_or_add_rPr().append(spacing)
        fmt = style.paragraph_format
        fmt.alignment = alignment
        fmt.first_line_indent = indent if indent is not None else Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PITCH_TWIPS / 20) if size == BODY_SIZE else Pt(36)
        fmt.space_before = fmt.space_after = Pt(0)
    # Both right-aligned four characters in (7.3.5.1); place_signature then centres the
    # 署名 on the date once their texts are known.
    for name in (SIGNER_STYLE, DATE_STYLE):
        doc.styles[name].paragraph_format.right_indent = _characters(DATE_RIGHT_CHARACTERS)


def set_page(doc):
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE["width"], PAGE["height"]
    section.top_margin, section.bottom_margin = PAGE["top"], PAGE["bottom"]
    section.left_margin, section.right_margin = PAGE["left"], PAGE["right"]
    section.footer_distance = Mm(24)  # the page number 7 mm below the text block
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    doc.settings.odd_and_even_pages_header_footer = True
    # 单页码居右空一字，双页码居左空一字 (GB/T 9704 7.5).
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(paragraph, alignment):
    """ "— 1 —" in 4号 宋体: the number is a PAGE field, Word fills it in."""
    paragraph.alignment = alignment
    fmt = paragraph.paragraph_format
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = PAGE_NUMBER_SIZE
    else:
        fmt.left_indent = PAGE_NUMBER_SIZE
    _run(paragraph, "— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    number = _run(paragraph, "1")
    field.append(number._r)
    paragraph._p.append(field)
    _run(paragraph, " —")


def _run(paragraph, text):
    run = paragraph.add_run(text)
    set_east_asian_font(run, FONTS["page_number"])
    run.font.size = PAGE_NUMBER_SIZE
    return run


def characters_wide(text: str) -> float:
    """The width of `text` in characters of the body: a digit or Latin letter is half one."""
    return sum(0.5 if character.isascii() else 1 for character in text)


def _characters(count: float) -> Twips:
    return Twips(round(count * CHARACTER_TWIPS))


def signer_indent(signer: str, date: str) -> float:
    """The 署名's right indent in characters, so that its middle stands over the date's (GB/T
    9704-2012 7.3.5.1: 以成文日期为准居中编排); a name longer than the date by more than eight
    characters stops at the margin (the standard's remedy is a 规范化简称)."""
    centred = DATE_RIGHT_CHARACTERS + (characters_wide(date) - characters_wide(signer)) / 2
    return max(centred, 0)


def place_signature(docx: bytes, *, stored_default: bool = False) -> bytes:
    """A rendered report with its 署名 centred on its 成文日期, the date four characters in
    from the right margin: the indent depends on both texts, known only after rendering.

    Only a 发文机关署名 paragraph directly followed by a 成文日期 one is placed, with that
    date: the rest of a bureau's template is its own (a second 署名 above, in a joint
    signature, keeps the place the template gives it). In the default template as a
    submission stored it before the 成文日期 style existed (`stored_default`), the date is
    the 发文机关署名 paragraph right after the 署名."""
    doc = Document(io.BytesIO(docx))
    written = [p for p in doc.paragraphs if p.text.strip()]
    dates = {DATE_STYLE, SIGNER_STYLE} if stored_default else {DATE_STYLE}
    pairs = [
        (signer, date)
        for signer, date in zip(written, written[1:], strict=False)
        if _style(signer) == SIGNER_STYLE and _style(date) in dates
    ]
    if not pairs:
        return docx
    for signer, date in pairs:
        for paragraph in (signer, date):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.first_line_indent = Pt(0)
        date.paragraph_format.right_indent = _characters(DATE_RIGHT_CHARACTERS)
        indent = signer_indent(signer.text.strip(), date.text.strip())
        signer.paragraph_format.right_indent = _characters(indent)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _style(paragraph) -> str:
    return paragraph.style.name if paragraph.style is not None else ""
