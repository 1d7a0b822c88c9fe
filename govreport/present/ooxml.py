"""The few WordprocessingML settings report.docx needs that python-docx has no API for (ECMA-376 Part 1).

Each helper writes one element or attribute, in the place the schema orders it (Word refuses a file whose
elements are out of order).
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.shape import InlineShape
from docx.table import _Row
from docx.text.paragraph import Paragraph
from lxml import etree

THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
# w:trPr's children in schema order (17.4.82): cantSplit comes before tblHeader.
ROW_PROPERTIES = (
    "w:cnfStyle",
    "w:divId",
    "w:gridBefore",
    "w:gridAfter",
    "w:wBefore",
    "w:wAfter",
    "w:cantSplit",
    "w:trHeight",
    "w:tblHeader",
    "w:tblCellSpacing",
    "w:jc",
    "w:hidden",
)
GB2312 = "86"  # w:charset of a simplified-Chinese font


@dataclass(frozen=True)
class Font:
    """A font as the file names it: `name` first, then `alternates` (other names of it, then a free font)."""

    name: str
    alternates: tuple[str, ...]
    family: str  # w:family: roman (with serifs), modern, swiss (without)


def set_fonts(rpr: CT_RPr, latin: str, east_asian: str) -> None:
    """Name the Latin font (w:ascii, w:hAnsi, w:cs) and the east-Asian one (w:eastAsia) of run properties.

    python-docx's `font.name` names only the Latin ones, and Word draws Chinese in the w:eastAsia font. The
    theme's font attributes go: where both are given, Word takes the theme's.
    """
    fonts = rpr.get_or_add_rFonts()
    for theme in THEME_FONTS:
        fonts.attrib.pop(qn(theme), None)
    for attribute, name in (("w:ascii", latin), ("w:hAnsi", latin), ("w:cs", latin), ("w:eastAsia", east_asian)):
        fonts.set(qn(attribute), name)


def mark_chinese(rpr: CT_RPr) -> None:
    """Mark east-Asian text as simplified Chinese (w:lang/@w:eastAsia, 17.3.2.20): Word then breaks its lines
    and LibreOffice picks its glyphs (SC, not JP) as for Chinese."""
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.insert_element_before(language, "w:eastAsianLayout", "w:specVanish", "w:oMath")  # the schema's order
    language.set(qn("w:eastAsia"), "zh-CN")


def declare_fonts(document: Document, fonts: list[Font]) -> None:
    """List `fonts` in the font table (word/fontTable.xml, 17.8.3) with their other names (w:altName).

    Word looks a font up by its name, then by its w:altName (comma-separated); an office without 仿宋_GB2312
    gets 仿宋, and a machine with neither the free font named last. python-docx keeps this part as bytes.
    """
    part = document.part.part_related_by(RT.FONT_TABLE)
    table = etree.fromstring(part.blob)
    for font in fonts:
        for old in table.findall(qn("w:font")):
            if old.get(qn("w:name")) == font.name:
                table.remove(old)
        entry = etree.SubElement(table, qn("w:font"), {qn("w:name"): font.name})
        etree.SubElement(entry, qn("w:altName"), {qn("w:val"): ",".join(font.alternates)})
        etree.SubElement(entry, qn("w:charset"), {qn("w:val"): GB2312})
        etree.SubElement(entry, qn("w:family"), {qn("w:val"): font.family})
        etree.SubElement(entry, qn("w:pitch"), {qn("w:val"): "variable"})
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _row_property(row: _Row, name: str) -> None:
    """Set the on/off row property `name`, in the place the schema orders it among the row's others."""
    properties = row._tr.get_or_add_trPr()
    if properties.find(qn(name)) is not None:
        return
    later = ROW_PROPERTIES[ROW_PROPERTIES.index(name) + 1 :]
    following = next((child for child in properties if child.tag in {qn(t) for t in later}), None)
    element = OxmlElement(name)
    if following is None:
        properties.append(element)
    else:
        following.addprevious(element)


def repeat_as_header(row: _Row) -> None:
    """Print the row again at the top of every page the table runs on to (w:tblHeader, 17.4.49)."""
    _row_property(row, "w:tblHeader")


def keep_whole(row: _Row) -> None:
    """Never break the row across two pages (w:cantSplit, 17.4.6)."""
    _row_property(row, "w:cantSplit")


def page_number(paragraph: Paragraph) -> None:
    """Add the current page's number as a PAGE field (17.16.5), in the runs Word writes: begin, code, separate,
    the text shown until the field is updated (Word updates it as it lays the pages out), end."""
    paragraph.add_run()._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): "begin"}))
    code = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    code.text = " PAGE "
    paragraph.add_run()._r.append(code)
    paragraph.add_run()._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): "separate"}))
    paragraph.add_run("1")
    paragraph.add_run()._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): "end"}))


def alt_text(shape: InlineShape, text: str) -> None:
    """Give a picture its alternative text (wp:docPr/@descr, 20.4.2.5), which screen readers read."""
    shape._inline.docPr.set("descr", text)
