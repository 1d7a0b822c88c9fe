"""The Word reader: the body in order, merged cells known once, nested and picture tables, and files refused."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from govreport.errors import SourceError
from govreport.inputs.published.document import Paragraph, Picture
from govreport.inputs.published.word import read_word


def _png() -> bytes:
    """A 2×2 red PNG."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    pixels = b"".join(b"\0" + b"\xff\x00\x00" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b"")


def _saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _report() -> bytes:
    d = docx.Document()
    d.add_heading("某县商务局2021年政府信息公开工作年度报告", level=1)
    d.add_paragraph("发布日期：2022-01-20")
    d.styles.add_style("标题 2", WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("主动公开情况", style="标题 2")
    d.add_paragraph("一、总体情况")
    d.add_paragraph("本机关收到申请12件。")
    table = d.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "信息内容"  # across
    table.cell(0, 2).text = "数量"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "规章"  # down
    table.cell(1, 1).text = "制发"
    table.cell(1, 2).text = "5"
    table.cell(2, 1).text = "废止"
    table.cell(2, 2).text = "1"
    d.add_picture(io.BytesIO(_png()))
    d.add_table(rows=1, cols=1).cell(0, 0).paragraphs[0].add_run().add_picture(io.BytesIO(_png()))
    layout = d.add_table(rows=1, cols=2)  # a table laying out others
    layout.cell(0, 0).text = "附表"
    nested = layout.cell(0, 1).add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "行政许可"
    nested.cell(0, 1).text = "43259"
    d.add_paragraph("二〇二二年一月二十日")
    return _saved(d)


def test_the_body_is_read_in_order():
    doc = read_word(_report(), "report.docx")
    assert doc.kind == "docx"
    assert doc.blocks == (
        Paragraph("某县商务局2021年政府信息公开工作年度报告", heading=True),  # style Heading 1
        Paragraph("发布日期：2022-01-20"),
        Paragraph("主动公开情况", heading=True),  # style 标题 2
        Paragraph("一、总体情况", heading=True),  # numbered like a section
        Paragraph("本机关收到申请12件。"),
        doc.grids[0],
        Picture(1),
        Picture(2),  # the table holding only a picture
        Paragraph("附表"),
        doc.grids[1],
        Paragraph("二〇二二年一月二十日"),
    )
    assert doc.title == "某县商务局2021年政府信息公开工作年度报告"
    assert doc.published == "2022-01-20"
    # The picture table is table 2: the nested table is the document's third.
    assert [g.number for g in doc.grids] == [1, 3]
    assert doc.grids[1].rows == (("行政许可", "43259"),)


def test_merged_cells_fill_every_slot_and_count_once():
    grid = read_word(_report(), "report.docx").grids[0]
    assert grid.rows == (("信息内容", "信息内容", "数量"), ("规章", "制发", "5"), ("规章", "废止", "1"))
    assert grid.cells[0][0] == grid.cells[0][1]  # one cell across two columns
    assert grid.cells[1][0] == grid.cells[2][0]  # one cell down two rows
    assert len({grid.cells[1][1], grid.cells[1][2], grid.cells[2][1], grid.cells[2][2]}) == 4
    assert [grid.values(r) for r in range(3)] == [["信息内容", "数量"], ["规章", "制发", "5"], ["规章", "废止", "1"]]


def test_a_content_control_and_tracked_changes_read_as_word_shows_them():
    d = docx.Document()
    p = d.add_paragraph("本机关收到申请")
    p._p.append(_element('<w:del w:id="1" w:author="a" {ns}><w:r><w:delText>删去的</w:delText></w:r></w:del>'))
    p._p.append(_element('<w:ins w:id="2" w:author="a" {ns}><w:r><w:t>12件。</w:t></w:r></w:ins>'))
    control = _element("<w:sdt {ns}><w:sdtContent/></w:sdt>")
    p._p.addnext(control)
    control[0].append(d.add_paragraph("控件里的段落。")._p)
    assert [b.text for b in read_word(_saved(d), "a.docx").paragraphs] == ["本机关收到申请12件。", "控件里的段落。"]


def _element(xml: str):
    from docx.oxml import parse_xml

    return parse_xml(xml.format(ns='xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'))


def test_an_entity_in_the_xml_is_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-VALUE", encoding="utf-8")
    d = docx.Document()
    d.add_paragraph("MARK")
    packed = io.BytesIO(_saved(d))
    out = io.BytesIO()
    with zipfile.ZipFile(packed) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "word/document.xml":
                doctype = f'<!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'.encode()
                body = re.sub(rb"\?>", b"?>" + doctype, body, count=1).replace(b"MARK", b"&x;")
                assert b"<!DOCTYPE" in body and b"&x;" in body
            dst.writestr(item, body)
    doc = read_word(out.getvalue(), "entity.docx")
    assert "SECRET" not in repr(doc)


def _zip(members: dict[str, bytes], level: int = 9) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for name, body in members.items():
            z.writestr(name, body)
    return out.getvalue()


def test_an_old_doc_renamed_docx_is_refused_with_what_to_do():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    with pytest.raises(SourceError, match=r"^report\.docx: 是 \.doc（Word 97–2003）文件：请另存为 \.docx$"):
        read_word(ole, "report.docx")


def test_what_is_not_a_docx_is_refused():
    with pytest.raises(SourceError, match=r"^a\.docx: 不是 Word \.docx 文件（不是 zip 压缩包）"):
        read_word(b"<html>not Word</html>", "a.docx")
    with pytest.raises(SourceError, match=r"^b\.docx: 不是 Word \.docx 文件（zip 压缩包中没有 word/document\.xml）"):
        read_word(_zip({"xl/workbook.xml": b"<workbook/>"}), "b.docx")
    with pytest.raises(SourceError, match=r"^c\.docx: 不是 Word \.docx 文件（zip 压缩包已损坏"):
        read_word(b"PK\x03\x04" + bytes(100), "c.docx")


def test_a_zip_bomb_is_refused_from_its_directory():
    # 4 MB of zeros packs into about 4 kB: far tighter than a real document packs.
    bomb = _zip({"word/document.xml": b"<w/>", "word/media/x.bin": bytes(4 * 1024 * 1024)})
    with pytest.raises(SourceError, match=r"^bomb\.docx: word/media/x\.bin 解压后是压缩后大小的 \d+ 倍"):
        read_word(bomb, "bomb.docx")


def test_a_zip_claiming_a_huge_member_is_refused_unopened():
    # A small zip whose directory says its member unpacks to 1 GB (nothing that large is ever written).
    data = bytearray(_zip({"word/document.xml": b"<w/>" * 100}, level=0))
    at = data.rindex(b"PK\x01\x02")  # the central directory entry: uncompressed size at +24
    data[at + 24 : at + 28] = struct.pack("<I", 1024**3)
    with pytest.raises(SourceError, match=r"^big\.docx: 解压后将有 1024 MB.*zip 炸弹"):
        read_word(bytes(data), "big.docx")


def test_a_zip_of_thousands_of_files_is_refused():
    many = _zip({"word/document.xml": b"<w/>", **{f"f/{i}": b"" for i in range(5001)}})
    with pytest.raises(SourceError, match=r"^many\.docx: 含有 5002 个文件"):
        read_word(many, "many.docx")


def test_a_damaged_package_is_refused():
    with pytest.raises(SourceError, match=r"^d\.docx: Word \.docx 文件已损坏"):
        read_word(_zip({"word/document.xml": b"<w/>"}), "d.docx")  # no [Content_Types].xml


def test_a_cells_paragraphs_and_line_breaks_join_as_a_web_page_cells_do():
    d = docx.Document()
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = "本年收费金额"
    cell.add_paragraph("（单位：万元）")
    cell.paragraphs[0].runs[0]._r.append(_element("<w:br {ns}/>"))
    assert read_word(_saved(d), "a.docx").grids[0].rows == (("本年收费金额（单位：万元）",),)
