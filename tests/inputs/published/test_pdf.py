"""The PDF reader: ruled tables with merged cells, paragraphs from printed lines, scans, and PDFs that never end."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pypdf
import pytest

from govreport.errors import SourceError
from govreport.inputs.published import pdf as reader
from govreport.inputs.published.document import MAX_PAGES, Grid, Paragraph, Picture
from govreport.inputs.published.page import read_page
from govreport.inputs.published.pdf import read_pdf

STYLE = """<style>@page { size: A5; margin: 1.5cm } body { font-size: 12pt } p { text-indent: 2em; margin: 0 }
h1 { font-size: 18pt } table { border-collapse: collapse } td { border: 1px solid black; padding: 2px 4px }
.open td { border-top: none }</style>"""
REPORT = f"""<html><head>{STYLE}</head><body>
<h1>某县商务局2021年政府信息公开工作年度报告</h1>
<p>一、总体情况</p>
<p>2021年，本机关坚持以公开为常态、不公开为例外，及时公开规章、规范性文件和行政执法信息，依法依规办理政府信息公开申请，全年收到申请12件。</p>
<p>本年度未收取信息处理费。</p>
<table>
<tr><td rowspan="2">信息内容</td><td colspan="2">数量</td></tr>
<tr><td>制发</td><td>废止</td></tr>
<tr><td>规章</td><td>5</td><td>1</td></tr>
<tr><td>行政规范性文件</td><td>24</td><td>—</td></tr>
</table>
<p>表后一段。</p>
<table class="open"><tr><td>无上框线的首行</td><td>9</td></tr><tr><td>第二行</td><td>3</td></tr></table>
</body></html>"""
# A table of 40 rows: on A6 it runs over pages.
LONG = f"""<html><head>{STYLE}<style>@page {{ size: A6 }}</style></head><body><p>长表。</p><table>
{"".join(f"<tr><td>项目{i}</td><td>{i}</td></tr>" for i in range(1, 41))}</table></body></html>"""


@pytest.fixture(scope="module")
def printed() -> dict[str, bytes]:
    """The tiny pages above printed by WeasyPrint (as govreport prints its report.pdf)."""
    from weasyprint import HTML

    return {name: HTML(string=html).write_pdf() for name, html in {"report": REPORT, "long": LONG}.items()}


def test_paragraphs_and_tables_come_in_page_order(printed):
    doc = read_pdf(printed["report"], "report.pdf")
    assert doc.kind == "pdf" and doc.notes == ()
    assert doc.title == "某县商务局2021年政府信息公开工作年度报告"
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph"] * 4 + ["Grid", "Paragraph", "Grid"]
    assert doc.paragraphs == [
        Paragraph("某县商务局2021年政府信息公开工作年度报告", heading=True),  # printed larger
        Paragraph("一、总体情况", heading=True),
        # Wrapped over three printed lines, joined without spaces.
        Paragraph(
            "2021年，本机关坚持以公开为常态、不公开为例外，及时公开规章、规范性文件和行政执法信息，"
            "依法依规办理政府信息公开申请，全年收到申请12件。"
        ),
        Paragraph("本年度未收取信息处理费。"),
        Paragraph("表后一段。"),
    ]


def test_merged_cells_fill_every_slot_and_count_once(printed):
    grid = read_pdf(printed["report"], "report.pdf").grids[0]
    assert grid.number == 1 and grid.page == 1
    assert grid.rows == (
        ("信息内容", "数量", "数量"),
        ("信息内容", "制发", "废止"),
        ("规章", "5", "1"),
        ("行政规范性文件", "24", "—"),
    )
    assert [grid.values(r) for r in range(4)] == [
        ["信息内容", "数量"],
        ["信息内容", "制发", "废止"],
        ["规章", "5", "1"],
        ["行政规范性文件", "24", "—"],
    ]
    assert grid.cells[0][0] == grid.cells[1][0] and grid.cells[0][1] == grid.cells[0][2]


def test_a_first_row_without_a_rule_above_it_is_not_lost(printed):
    grid = read_pdf(printed["report"], "report.pdf").grids[1]
    assert grid.rows == (("无上框线的首行", "9"), ("第二行", "3"))


def test_a_table_over_pages_is_one_grid_a_page_and_no_row_is_lost(printed):
    grids = read_pdf(printed["long"], "long.pdf").grids
    assert len(grids) > 1
    assert [g.page for g in grids] == list(range(1, len(grids) + 1))
    assert [row for g in grids for row in g.rows] == [(f"项目{i}", str(i)) for i in range(1, 41)]


# Hand-made PDFs: objects numbered from 1 (1 the catalog, 2 the page tree), with their xref table.
FONT = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"


def _pdf(*objects: bytes) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, attrs: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), attrs, data)


def _pages(contents: list[bytes], resources: bytes = FONT, *more: bytes) -> bytes:
    """Pages of these content streams; `more` objects are numbered after them."""
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(len(contents)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(contents))]
    for i, content in enumerate(contents):
        page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %d 0 R >>"
        objects += [page % (resources, 4 + 2 * i), _stream(content)]
    return _pdf(*objects, *more)


def _text(words: str) -> bytes:
    return b"BT /F1 12 Tf 72 770 Td (%s) Tj ET" % words.encode()


def test_a_page_without_a_text_layer_is_noted_and_kept_as_a_picture():
    image = _stream(
        b"\x80", b"/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8"
    )
    scan = b"q 595 0 0 842 0 0 cm /Im0 Do Q"  # one picture over the whole page
    resources = FONT[:-2] + b" /XObject << /Im0 7 0 R >> >>"
    doc = read_pdf(_pages([_text("Read me."), scan], resources, image), "scan.pdf")
    assert doc.blocks == (Paragraph("Read me."), Picture(1, page=2))
    assert [str(n) for n in doc.notes] == ["第 2 页没有文字层（是扫描图片）：其中的文字和数据未读取"]


def test_more_pages_than_a_report_has_are_refused_before_any_is_read():
    with pytest.raises(SourceError, match=rf"^many\.pdf: 超过 {MAX_PAGES} 页"):
        read_pdf(_pages([b""] * (MAX_PAGES + 1)), "many.pdf")


def test_a_page_tree_that_loops_or_never_ends_is_refused():
    loop = _pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
    )
    with pytest.raises(SourceError, match=r"^loop\.pdf: 没有页面"):
        read_pdf(loop, "loop.pdf")
    nested = [b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (n + 1) for n in range(2, 3002)]
    deep = _pdf(b"<< /Type /Catalog /Pages 2 0 R >>", *nested, b"<< /Type /Page /MediaBox [0 0 9 9] >>")
    with pytest.raises(SourceError, match=r"^deep\.pdf: PDF 已损坏（RecursionError"):
        read_pdf(deep, "deep.pdf")


def _bomb() -> bytes:
    """A content stream of 100 MB of spaces packed into about 100 kB (without ever holding 100 MB)."""
    packer, chunk = zlib.compressobj(9), b" " * 2**20
    first = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)  # after a full flush, the same bytes
    return first + again * 99 + packer.flush()


def test_a_stream_that_inflates_to_100_mb_is_refused_before_pdfminer_inflates_it():
    bomb = _pages([b""], FONT, _stream(_bomb(), b"/Filter /FlateDecode")).replace(
        b"/Contents 4 0 R", b"/Contents 5 0 R"
    )
    with pytest.raises(SourceError, match=r"^bomb\.pdf: 含有解压后超过 64 MB 的数据流"):
        read_pdf(bomb, "bomb.pdf")


def _encrypted(data: bytes, user: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
    writer.encrypt(user_password=user, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_password_is_refused_and_an_owner_only_lock_is_read():
    with pytest.raises(SourceError, match=r"^locked\.pdf: 有密码保护：未读取$"):
        read_pdf(_encrypted(_pages([_text("Read me.")]), "secret"), "locked.pdf")
    assert read_pdf(_encrypted(_pages([_text("Read me.")]), ""), "open.pdf").paragraphs == [Paragraph("Read me.")]


def test_an_encrypted_bomb_is_refused_once_decrypted():
    bomb = _pages([b""], FONT, _stream(_bomb(), b"/Filter /FlateDecode")).replace(
        b"/Contents 4 0 R", b"/Contents 5 0 R"
    )
    with pytest.raises(SourceError, match=r"^ebomb\.pdf: 含有解压后超过 64 MB 的数据流"):
        read_pdf(_encrypted(bomb, ""), "ebomb.pdf")


def _forms(depth: int, fan: int = 4) -> bytes:
    """A page drawing form 1, which draws form 2 `fan` times, … down to a form drawing one box: fan**(depth-1) boxes."""
    forms = [
        _stream(
            b" ".join([b"/F Do"] * fan),
            b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources << /XObject << /F %d 0 R >> >>" % (6 + i),
        )
        for i in range(depth - 1)
    ]
    forms.append(_stream(b"0 0 1 1 re f", b"/Type /XObject /Subtype /Form /BBox [0 0 9 9]"))
    return _pages([b"/F Do"], b"<< /XObject << /F 5 0 R >> >>", *forms)


def test_a_page_drawing_forms_within_forms_is_refused_before_it_is_drawn():
    # 4**11 = 4 million boxes from 13 small objects: pdfminer would draw them for hours.
    with pytest.raises(SourceError, match=r"^forms\.pdf: 第 1 页绘制的内容超过 2 MB（表单每绘制一次计一次"):
        read_pdf(_forms(12), "forms.pdf")


def test_a_page_drawing_too_many_things_is_stopped_while_it_is_drawn(monkeypatch):
    monkeypatch.setattr(reader, "MAX_OBJECTS", 100)
    assert [str(n) for n in read_pdf(_forms(3), "sixteen.pdf").notes] == ["PDF 中没有文字"]  # 4**2 boxes and 5 forms
    with pytest.raises(SourceError, match=r"^boxes\.pdf: 第 1 页绘制的对象超过 100 个"):
        read_pdf(_forms(5), "boxes.pdf")  # 4**4 boxes


def test_reading_stops_while_a_page_is_drawn_once_past_the_time_budget(monkeypatch):
    monkeypatch.setattr(reader, "TIME_BUDGET", 0.0)
    with pytest.raises(SourceError, match=r"^slow\.pdf: 读第 1 页时已用 0 秒，停止读取"):
        read_pdf(_forms(5), "slow.pdf")  # the clock is looked at every 256 things drawn


def test_reading_stops_at_the_first_page_past_the_time_budget(monkeypatch):
    monkeypatch.setattr(reader, "TIME_BUDGET", 0.0)
    with pytest.raises(SourceError, match=r"^slow\.pdf: 读到第 1 页（共 2 页）时已用 0 秒，停止读取"):
        read_pdf(_pages([_text("One."), _text("Two.")]), "slow.pdf")


def test_what_is_not_a_pdf_or_is_cut_short_is_refused(printed):
    with pytest.raises(SourceError, match=r"^a\.pdf: 不是 PDF 文件（文件开头不是 %PDF-）$"):
        read_pdf(b"<html>Not found</html>", "a.pdf")
    with pytest.raises(SourceError, match=r"^cut\.pdf: PDF 已损坏"):
        read_pdf(printed["report"][: len(printed["report"]) // 2], "cut.pdf")


@pytest.mark.slow
def test_our_own_report_pdf_reads_as_its_web_page(example_root: Path):
    from govreport.run import engine, execute

    params = example_root / "params/haicheng-sample/2021.yaml"
    out = execute.build(params, pdf=True, executor=engine.execute_in_process).out_dir
    page = read_page((out / "report.html").read_bytes(), "report.html")
    printed = read_pdf((out / "report.pdf").read_bytes(), "report.pdf")
    assert len(printed.grids) == len(page.grids) == 3
    for ours, theirs in zip(page.grids, printed.grids, strict=True):
        assert [ours.values(r) for r in range(len(ours.rows))] == [theirs.values(r) for r in range(len(theirs.rows))]
        assert isinstance(theirs, Grid) and theirs.page is not None
    # The prose too, paragraph for paragraph; the charts are pictures (a PDF keeps no alt text).
    assert [p.text for p in printed.paragraphs] == [p.text for p in page.paragraphs]
    assert [type(b) for b in printed.blocks] == [type(b) for b in page.blocks]
    assert printed.title == page.title and printed.notes == ()
