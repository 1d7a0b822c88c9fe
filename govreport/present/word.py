"""report.docx: the published report as an editable Word document, with python-docx.

Everything in it comes from the report's one value through what the page prints (`Report.contents`): the
title, each section's heading, narrative and generated sentences, every official table as a Word table
with its merged headers (read from the table's own HTML, present/markup.py), the charts as pictures with
captions. The page is 《党政机关公文格式》(GB/T 9704-2012)'s: A4 and its margins, 仿宋 for the body, 黑体 for
headings, 小标宋 for the title, "— 1 —" at the foot of each page. Two builds of one value are the same
bytes: the file's dates are the report's (its publication date, else 1 January after its year).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor, Twips
from docx.styles.style import ParagraphStyle
from docx.table import Table

from govreport.compute.computation import Computation
from govreport.present import markup, ooxml
from govreport.present.charts import Chart, png_bytes
from govreport.present.ooxml import Font
from govreport.present.report import Report

LATIN = "Times New Roman"
# The fonts of official documents, as offices have them installed; then their other names; then the free
# Noto CJK fonts (SIL OFL) a machine without them has.
BODY = Font("仿宋_GB2312", ("仿宋", "FangSong", "Noto Serif CJK SC"), "roman")
HEADING = Font("黑体", ("SimHei", "Noto Sans CJK SC"), "modern")
TITLE = Font("方正小标宋简体", ("小标宋", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC"), "roman")
PAGE_NUMBER = Font("宋体", ("SimSun", "Noto Serif CJK SC"), "roman")
# GB/T 9704-2012: A4; text block 156 × 225 mm, 37 mm from the top, 28 mm from the left; 22 lines of 3号 (16 pt).
PAGE = {"width": Mm(210), "height": Mm(297), "top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
BODY_SIZE, LINE = Pt(16), Pt(28)
TABLE_SIZE = Pt(9)  # 小五: the 依申请 table's ten columns fit the 156 mm text block
CHART_WIDTH = Mm(150)
CHART_DPI = 150  # charts are drawn at 100 dpi for the screen; paper wants more (200 costs 0.1 s a chart)
TABLE_TEXT = "表格文字"  # the paragraph style of table cells
# How many characters wide a cell's text may want to be, by the template's class ("": a column header, "td": a
# narrative table's cell); a figure is never wrapped (the page's `white-space: nowrap`), and a column of figures
# is at least FIGURE_WIDTH.
CELL_WIDTH = {"group": 3.5, "label": 10, "unit": 2, "": 3, "td": 8}
FIGURE_WIDTH = 3
CELL_MARGIN = Twips(108)  # each side of a cell's text, as the Table Grid style sets it


def docx_bytes(value: Computation) -> bytes:
    """report.docx of the report's value: the same bytes for the same value."""
    report = Report(value)
    document = docx.Document()
    _page(document)
    _styles(document)
    width = PAGE["width"] - PAGE["left"] - PAGE["right"]
    document.add_paragraph(value.title, style="Title")
    _flow(document, report.preamble(), width)
    figure = 0
    for number in range(1, len(value.tables.format.sections) + 1):
        contents = report.contents(number)
        document.add_heading(contents.heading, level=1)
        _flow(document, contents.narrative, width)
        for sentence in contents.sentences:
            document.add_paragraph(sentence)
        for caption, table in contents.tables:
            document.add_paragraph(caption, style="Caption").paragraph_format.keep_with_next = True
            _flow(document, table, width)
        for fig in contents.charts:
            figure += 1
            _chart(document, fig, figure)
    when = _dated(value)
    _properties(document, value, when)
    saved = io.BytesIO()
    document.save(saved)
    return _pinned(saved.getvalue(), when)


def _dated(value: Computation) -> dt.datetime:
    """The date the file gives itself: the report's publication date, else 1 January after its year."""
    published = value.params.published
    day = dt.date.fromisoformat(published) if published else dt.date(value.params.year + 1, 1, 1)
    return dt.datetime(day.year, day.month, day.day)


def _pinned(data: bytes, when: dt.datetime) -> bytes:
    """The package written again with every member dated `when` (python-docx dates them with the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            entry = zipfile.ZipInfo(member.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0  # ZipInfo takes it from the platform it runs on
            entry.external_attr = 0
            target.writestr(entry, source.read(member))
    return out.getvalue()


def _properties(document: docx.document.Document, value: Computation, when: dt.datetime) -> None:
    core = document.core_properties
    core.title = value.title
    core.author = core.last_modified_by = value.agency.name
    core.subject = "政府信息公开工作年度报告"
    core.keywords = f"政府信息公开;{value.params.year}年"
    core.comments = core.category = ""
    core.language = "zh-CN"
    core.created = core.modified = when
    core.revision = 1
    # python-docx's template carries the thumbnail of a blank page, which a file browser would show for the report.
    package = document.part.package
    for rel_id in [r.rId for r in package.rels.values() if r.reltype == RT.THUMBNAIL]:
        del package.rels[rel_id]


def _page(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE["width"], PAGE["height"]
    section.top_margin, section.bottom_margin = PAGE["top"], PAGE["bottom"]
    section.left_margin, section.right_margin = PAGE["left"], PAGE["right"]
    section.footer_distance = Mm(25)
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    ooxml.page_number(footer)
    footer.add_run(" —")


def _style(
    style: ParagraphStyle, font: Font, size: Pt, *, bold: bool = False, line: Pt | None = None, indent: bool = False
) -> None:
    """Set a paragraph style's font (Latin and east-Asian), size, colour, spacing and first-line indent."""
    ooxml.set_fonts(style.element.get_or_add_rPr(), LATIN, font.name)
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if line is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, line
    fmt.first_line_indent = 2 * size if indent else Pt(0)


def _styles(document: docx.document.Document) -> None:
    styles = document.styles
    ooxml.declare_fonts(document, [BODY, HEADING, TITLE, PAGE_NUMBER])
    defaults = styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    ooxml.set_fonts(defaults, LATIN, BODY.name)  # whatever has no style of its own
    ooxml.mark_chinese(defaults)
    _style(styles["Normal"], BODY, BODY_SIZE, line=LINE, indent=True)
    _style(styles["Title"], TITLE, Pt(22), line=Pt(36))
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Title"].paragraph_format.space_after = LINE
    border = styles["Title"].element.pPr.find(qn("w:pBdr"))
    if border is not None:  # the template's Title is underlined with a blue rule
        styles["Title"].element.pPr.remove(border)
    for level in range(1, 6):
        # 一、总体情况 sits where the body's text does, two characters in (GB/T 9704 §7.3.3).
        _style(styles[f"Heading {level}"], HEADING, BODY_SIZE, line=LINE, indent=True)
    styles["Heading 1"].paragraph_format.space_before = BODY_SIZE  # apart from a table or chart above it
    _style(styles["Caption"], HEADING, Pt(14), line=LINE)
    styles["Caption"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _style(styles["Quote"], BODY, BODY_SIZE, line=LINE, indent=True)
    styles["Quote"].paragraph_format.left_indent = 2 * BODY_SIZE
    _style(styles["Footer"], PAGE_NUMBER, Pt(14))
    cells = styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    cells.base_style = styles["Normal"]
    _style(cells, BODY, TABLE_SIZE)
    cells.paragraph_format.space_before = cells.paragraph_format.space_after = Pt(2)


def _flow(document: docx.document.Document, fragment: str, width: Emu) -> None:
    """Write an HTML fragment of the report (narrative, a table) as Word paragraphs and tables."""
    for block in markup.blocks(fragment):
        if isinstance(block, markup.Grid):
            _table(document, block, width)
            continue
        if block.kind == "heading":
            # The section is Heading 1 (the page's h2); the narrative's own h3–h5 are the levels under it.
            paragraph = document.add_heading(level=min(max(block.level - 1, 2), 5))
        else:
            paragraph = document.add_paragraph(style="Quote" if block.kind == "quote" else None)
        for run in block.runs:
            if run.text == "\n":
                paragraph.add_run().add_break()
            else:
                added = paragraph.add_run(run.text)
                added.bold, added.italic = run.bold or None, run.italic or None


def _table(document: docx.document.Document, grid: markup.Grid, width: Emu) -> Table:
    """A Word table of `grid`: merged where the page's cells span, the <thead> rows repeated on every page."""
    table = document.add_table(rows=grid.rows, cols=grid.columns)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # the widths below, not Word's guess from the first row
    widths = _widths(grid, width)
    for c, column in enumerate(table.columns):
        column.width = widths[c]
    # Every slot's cell, taken before any merge (python-docx's table.cell(r, c) walks the whole table each time).
    slots = [row.cells for row in table.rows]
    style = document.styles[TABLE_TEXT].style_id
    for r, row in enumerate(table.rows):
        ooxml.keep_whole(row)
        if r < grid.head:
            ooxml.repeat_as_header(row)
        for c, cell in enumerate(slots[r]):
            cell.width = widths[c]
    for spec in grid.cells:
        cell = slots[spec.row][spec.column]
        if spec.rowspan > 1 or spec.colspan > 1:
            cell = cell.merge(slots[spec.row + spec.rowspan - 1][spec.column + spec.colspan - 1])
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        paragraph._p.style = style  # by its id: python-docx's style setter looks the style up each time
        paragraph.alignment = _alignment(spec)
        if "indent" in spec.kind.split():
            paragraph.paragraph_format.left_indent = 2 * TABLE_SIZE
        paragraph.add_run(spec.text).bold = _bold(spec) or None
    return table


def _bold(cell: markup.Cell) -> bool:
    """As the page prints it: header cells bold, but for the 勾稽 note, the row labels and the groups."""
    return cell.header and not set(cell.kind.split()) & {"note", "label", "group"}


def _alignment(cell: markup.Cell) -> WD_ALIGN_PARAGRAPH:
    """As the page's stylesheet aligns it: figures right, labels and groups left, headers and units centred."""
    kinds = set(cell.kind.split())
    if "num" in kinds:
        return WD_ALIGN_PARAGRAPH.RIGHT
    if "unit" in kinds:
        return WD_ALIGN_PARAGRAPH.CENTER
    if kinds & {"label", "group"} or not cell.header:
        return WD_ALIGN_PARAGRAPH.LEFT
    return WD_ALIGN_PARAGRAPH.CENTER


def _characters(text: str) -> float:
    """How many characters wide `text` prints: a Chinese character one, a digit or Latin letter about half."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)


def _widths(grid: markup.Grid, width: Emu) -> list[Emu]:
    """Column widths sharing `width`: each column's text as wide as its one-column cells want (up to their
    class's cap), then the cell's margins on either side."""
    wants = [2.0] * grid.columns
    for cell in grid.cells:
        kinds = cell.kind.split()
        if "num" in kinds:
            for c in range(cell.column, cell.column + cell.colspan):
                wants[c] = max(wants[c], FIGURE_WIDTH)
        if cell.colspan == 1:
            default = CELL_WIDTH["" if cell.header else "td"]
            cap = min((CELL_WIDTH[k] for k in kinds if k in CELL_WIDTH), default=default)
            want = _characters(cell.text)
            wants[cell.column] = max(wants[cell.column], want if "num" in kinds else min(want, cap))
    text = max(width - grid.columns * 2 * CELL_MARGIN, width // 2)  # a table of very many columns runs over
    return [Emu(int(text * w / sum(wants)) + 2 * CELL_MARGIN) for w in wants]


def _chart(document: docx.document.Document, fig: Chart, number: int) -> None:
    """Chart `number` as a picture across the text block, with the page's text alternative (every value it draws) and
    its title in the caption under it."""
    buffer = io.BytesIO(png_bytes(fig, dpi=CHART_DPI))
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = paragraph.paragraph_format
    # An exact line height would cut the picture off at 28 pt.
    fmt.line_spacing_rule, fmt.first_line_indent, fmt.keep_with_next = WD_LINE_SPACING.SINGLE, Pt(0), True
    shape = paragraph.add_run().add_picture(buffer, width=CHART_WIDTH)
    ooxml.alt_text(shape, fig.drawn.words())
    document.add_paragraph(f"图{number}　{fig.drawn.title}", style="Caption")
