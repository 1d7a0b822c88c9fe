"""report.html and review.html from a tiny hand-made executed notebook."""

from __future__ import annotations

import nbformat

from govreport.present import render


def _notebook() -> nbformat.NotebookNode:
    v4 = nbformat.v4
    review_md = v4.new_markdown_cell("## 审核", metadata={"tags": ["review-only"]})
    published_md = v4.new_markdown_cell("# 自带标题\n\n<script>alert(1)</script>[x](javascript:alert(1))")
    code = v4.new_code_cell("report.section(1)")
    code.outputs = [
        v4.new_output("display_data", data={"text/html": "<section><h2>一、概述</h2></section>"}),
        v4.new_output("stream", name="stderr", text="a warning"),
    ]
    hidden = v4.new_code_cell("secret_code()", metadata={"tags": ["review-only"]})
    hidden.outputs = [v4.new_output("display_data", data={"text/plain": "只给审核人看"})]
    nb = v4.new_notebook(cells=[review_md, published_md, code, hidden])
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"
    nb.metadata["govreport"] = {"title": "示例厅2022年报告</title><script>", "findings": [], "counts": {}}
    return nb


def test_report_page_is_chinese_self_contained_and_shows_outputs_only():
    html = render.html_pages(_notebook())["report.html"]
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    assert "default-src 'none'" in html  # the browser itself refuses anything from elsewhere
    assert "<h2>一、概述</h2>" in html
    assert "report.section" not in html and "secret_code" not in html and "只给审核人看" not in html
    assert "a warning" not in html and "审核" not in html
    assert "<script" not in html.lower() and "href=" not in html
    assert "<title>示例厅2022年报告&lt;/title&gt;&lt;script&gt;</title>" in html
    assert "<h1>自带标题</h1>" in html  # a root's own notebook keeps its headings
    assert "http://" not in html and "https://" not in html


def test_review_page_shows_code_and_review_cells():
    html = render.html_pages(_notebook())["review.html"]
    assert "report.section(1)" in html and "只给审核人看" in html and "审核" in html


def test_pages_are_the_same_bytes_every_time():
    assert render.html_pages(_notebook()) == render.html_pages(_notebook())


def test_review_page_marks_the_sentences_that_repeat_last_years():
    nb = _notebook()
    nb.metadata["govreport"]["repetition"] = {
        "last_year": 2021,
        "last_path": "data/x/2021/narrative.md",
        "own_sentences": 2,
        "repeated_sentences": 1,
        "characters": 120,
        "repeated_characters": 70,
        "share": "58%",
        "limit": "50%",
        "min_characters": 100,
        "judged": True,
        "too_much": True,
        "sentences": [
            {"line": 1, "text": "## 一、总体情况", "kind": "prescribed"},
            {"line": 3, "text": "本局修订了<制度>。", "kind": "repeated"},
            {"line": 3, "text": "收到{{ x }}件。", "kind": "generated"},
            {"line": 5, "text": "网站栏目更新较慢。", "kind": "new"},
        ],
    }
    html = render.html_pages(nb)["review.html"]
    section = html[html.index("与上年雷同") : html.index("<h2>来源")]
    assert "雷同的 1 句、70 字，占 58%（数字不计）。超过 50%。" in section
    assert '<p><span class="line">3</span><mark>本局修订了&lt;制度&gt;。</mark><span class="generated">' in section
    assert '<p><span class="line">5</span>网站栏目更新较慢。</p>' in section
    assert "<mark>" not in render.html_pages(nb)["report.html"]  # reviewers only


def test_review_page_says_when_there_is_no_narrative_of_last_year():
    html = render.html_pages(_notebook())["review.html"]
    assert "没有上一年的正文可比。" in html
