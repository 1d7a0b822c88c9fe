"""Reading a published report's file: what is refused before it is read, and the reader its content calls for."""

from __future__ import annotations

import io
import os
import socket

import docx
import pytest

from govreport.errors import SourceError
from govreport.inputs.published.document import Paragraph
from govreport.inputs.published.source import read_source

PAGE = "<html><body><h1>某县2021年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>收到申请12件。</p></body></html>"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Reading a source never opens a connection."""

    def refuse(*args, **kwargs):
        raise AssertionError("a reader tried to connect")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def _docx() -> bytes:
    d = docx.Document()
    d.add_paragraph("某县2021年政府信息公开工作年度报告")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_each_kind_goes_to_its_reader(tmp_path):
    files = {
        "a.html": PAGE.encode("utf-8"),
        "b.SHTML": PAGE.encode("gb18030"),
        "c.docx": _docx(),
        "d.txt": "某县2021年政府信息公开工作年度报告\n收到申请12件。\n".encode("gb18030"),
        "e.htm": PAGE.encode("utf-16"),
    }
    kinds = {}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        doc = read_source(tmp_path / name)
        kinds[name] = doc.kind
        assert doc.title == "某县2021年政府信息公开工作年度报告", name
        assert doc.source == str(tmp_path / name) and doc.notes == ()
    assert kinds == {"a.html": "html", "b.SHTML": "html", "c.docx": "docx", "d.txt": "text", "e.htm": "html"}


def test_the_content_decides_and_a_misleading_name_is_noted(tmp_path):
    (tmp_path / "report.pdf").write_text(PAGE, encoding="utf-8")  # what a site serves when the PDF is gone
    doc = read_source(tmp_path / "report.pdf")
    assert doc.kind == "html"
    assert [str(n) for n in doc.notes] == ["report.pdf 实际是网页，不是PDF 文件：已按网页读取"]
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")  # a name that does not matter: no note
    assert read_source(tmp_path / "page.txt").notes == ()
    (tmp_path / "noname").write_bytes(_docx())
    assert read_source(tmp_path / "noname").kind == "docx"


def test_a_300_mb_file_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "report.pdf"
    with big.open("wb") as f:
        f.truncate(300 * 1024 * 1024)  # sparse: no disk used
    with pytest.raises(SourceError) as refused:
        read_source(big)
    assert str(refused.value) == f"{big}: 有 300 MB，而已发布的报告最多 50 MB：未读取"


def test_what_is_not_a_regular_file_is_refused_unopened(tmp_path):
    with pytest.raises(SourceError, match=r": 是文件夹，不是文件：未读取$"):
        read_source(tmp_path)
    pipe = tmp_path / "report.html"
    os.mkfifo(pipe)  # opening it to read would wait for a writer for ever
    with pytest.raises(SourceError, match=r"report\.html: 是设备、管道或套接字，不是文件：未读取$"):
        read_source(pipe)
    with pytest.raises(SourceError, match=r"missing\.pdf: 无法读取（No such file or directory）$"):
        read_source(tmp_path / "missing.pdf")


def test_an_old_doc_renamed_docx_says_what_to_do(tmp_path):
    doc = tmp_path / "report.docx"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000))
    with pytest.raises(SourceError, match=rf"^{doc}: 是 \.doc（Word 97–2003）文件：请另存为 \.docx$"):
        read_source(doc)


def test_binary_and_rtf_are_refused(tmp_path):
    (tmp_path / "a.txt").write_bytes(bytes(range(256)) * 4)
    with pytest.raises(SourceError, match=r"a\.txt: 不是网页、Word \.docx 文件、PDF 文件或纯文本"):
        read_source(tmp_path / "a.txt")
    (tmp_path / "b.doc").write_bytes(b"{\\rtf1\\ansi 2021}")
    with pytest.raises(SourceError, match=r"b\.doc: 是 RTF 文件：请另存为 \.docx$"):
        read_source(tmp_path / "b.doc")


def test_nothing_a_page_holds_is_run_or_fetched(tmp_path):
    page = tmp_path / "report.html"
    page.write_text(
        '<html><head><link rel="stylesheet" href="http://example.invalid/a.css">'
        "<script>document.write('injected')</script></head>"
        '<body><iframe src="http://example.invalid/"></iframe><p>正文。</p>'
        '<img src="http://example.invalid/chart.png" alt="图"></body></html>',
        encoding="utf-8",
    )
    doc = read_source(page)
    assert doc.paragraphs == [Paragraph("正文。")]
    assert "injected" not in repr(doc)
