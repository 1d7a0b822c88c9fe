"""The one catalogue of messages: both languages complete, every id used and every use known, no wording in code."""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import nbformat
import pytest
from conftest import REPO

from govreport import messages
from govreport.messages import catalogue, from_locale, msg

PACKAGE = REPO / "govreport"
# A message id as code and templates name it: `msg("keys.unknown", …)`, `"review.banner" | t`.
ID = re.compile(r"""["']([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+)["']""")
# The calls whose argument at this position is what a user reads: it must be a message, never wording.
WORDED = {
    "Problem": 1,
    "Finding": 5,
    "UsageError": 0,
    "ReportError": 0,
    "SourceError": 0,
    "ParamsError": 0,
    "LockError": 0,
    "DiskFullError": 0,
    "TimeLimitError": 0,
    "ExecutionError": 0,
    "TimeLimitReached": 0,
    "SecurityError": 0,
    "echo": 0,
    "note": 0,
    "journal": 0,
}
# The modules converted: every message they give a user comes from the catalogue.
CONVERTED = [
    "errors.py",
    "cli.py",
    "inputs/validation.py",
    "inputs/declared.py",
    "inputs/params.py",
    "inputs/agency_year.py",
    "inputs/project.py",
    "inputs/published/tables.py",
    "inputs/published/report.py",
    "inputs/published/pdf.py",
    "inputs/published/word.py",
    "inputs/published/source.py",
    "compute/findings.py",
    "compute/checks.py",
    "compute/tables.py",
    "compute/narrative.py",
    "compute/computation.py",
    "run/batch.py",
    "run/catalogue.py",
    "run/engine.py",
    "run/execute.py",
    "run/cluster.py",
    "run/importer.py",
    "run/audit.py",
    "run/new_year.py",
    "present/checklist.py",
    "inputs/summary_params.py",
    "inputs/built.py",
    "compute/summary.py",
    "run/summary.py",
    "run/division.py",
]


def fields(template: str) -> set[str]:
    return {name.split("!")[0].split(":")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_both_translations_with_the_same_parameters():
    zh, en = catalogue("zh"), catalogue("en")
    assert set(zh) == set(en)
    assert len(zh) > 200
    for key in zh:
        assert zh[key] and en[key], key
        assert fields(zh[key]) == fields(en[key]), key


def test_the_chinese_catalogue_is_chinese():
    # Every message but a few that are all names, numbers and punctuation is Chinese (words or punctuation).
    neutral = {key for key, text in catalogue("zh").items() if text == catalogue("en")[key]}
    neutral |= {"page.lang", "cli.finding-no-cell", "choices.some"}  # a language tag; the lines' own punctuation
    chinese = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")
    assert [k for k in set(catalogue("zh")) - neutral if not chinese.search(catalogue("zh")[k])] == []
    assert len(neutral) < 20, sorted(neutral)


def sources() -> list:
    return [p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".j2")]


def test_every_id_named_in_code_is_in_the_catalogue_and_every_id_in_it_is_named():
    named = {key for path in sources() for key in ID.findall(path.read_text(encoding="utf-8"))}
    known = set(catalogue("zh"))
    # Ids are named as literals (a dict of them where one is chosen); a dotted literal that is no id (a file
    # name such as "manifest.json") is not among them.
    assert known - named == set(), "ids nothing names"
    unknown = {key for key in named - known if not re.search(r"\.(json|csv|html|yaml|py|j2|ipynb|md|po)$", key)}
    assert {k for k in unknown if k.split(".")[0] in {k.split(".")[0] for k in known}} == set()


def worded_arguments(path):
    """(line, text) of every literal wording handed to a call that shows it to a user."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if name not in WORDED or len(node.args) <= WORDED[name]:
            continue
        argument = node.args[WORDED[name]]
        parts = [argument] if isinstance(argument, ast.Constant) else getattr(argument, "values", [])
        text = "".join(p.value for p in parts if isinstance(p, ast.Constant) and isinstance(p.value, str))
        if re.search(r"[A-Za-z]{3,}", text):
            yield node.lineno, text


@pytest.mark.parametrize("module", CONVERTED)
def test_no_user_facing_english_is_left_in_a_converted_module(module):
    assert list(worded_arguments(PACKAGE / module)) == []


def test_the_notebooks_hold_their_prose_in_chinese_as_the_catalogue_words_it():
    from govreport.run.execute import PROSE

    prose = {}
    for name in ("annual_report.ipynb", "summary_report.ipynb"):  # a report's and a region's summary's
        notebook = nbformat.read(REPO / "notebooks" / name, as_version=4)
        prose |= {cell.id: cell.source for cell in notebook.cells if cell.cell_type == "markdown"}
    assert set(prose) == set(PROSE)
    assert {cell: catalogue("zh")[key] for cell, key in PROSE.items()} == prose


def test_a_build_words_the_notebook_prose_in_the_chosen_language():
    from govreport.run.execute import parameterize

    notebook = nbformat.read(REPO / "notebooks" / "annual_report.ipynb", as_version=4)
    with messages.using("en"):
        english = parameterize(notebook, {"agency": "a", "year": 2021})
    title = next(c for c in english.cells if c.get("id") == "title")
    assert title.source.endswith("computed from its records by `govreport`.")


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({}, "zh"),
        ({"LANG": "C.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"}, "zh"),
        ({"LC_ALL": "en"}, "en"),
    ],
)
def test_the_locale_chooses_english_only_when_it_asks_for_it(environ, lang):
    assert from_locale(environ) == lang


def test_a_message_is_worded_when_shown_in_the_language_chosen_then(monkeypatch):
    message = msg("keys.unknown", key="'yeer'", keys=["agency", "year"])
    assert str(message) == "未知的键 'yeer'（应为以下之一：agency、year）"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert str(message) == "unknown key 'yeer' (expected one of: agency, year)"
    with messages.using("zh"):
        assert str(message) == "未知的键 'yeer'（应为以下之一：agency、year）"
    assert message.text("zh") != message.text("en")


def test_a_message_inside_a_message_is_worded_in_the_same_language():
    message = msg("finding.also", first=msg("review.no-findings"), rule="x", second="b")
    assert message.text("zh") == "未发现问题。；另见 [x] b"
    assert message.text("en") == "No findings.; also [x] b"
    assert json.dumps(message.text("zh"), ensure_ascii=False)


def test_help_is_chinese_and_english_with_lang_en():
    from click.testing import CliRunner

    from govreport.cli import cli

    chinese = CliRunner().invoke(cli, ["--help"], prog_name="govreport").output
    assert (
        chinese.startswith("用法： govreport [选项] 命令 [参数]...\n")
        and "\n选项：\n" in chinese
        and "\n命令：\n" in chinese
    )
    assert "  check   校验输入并运行一致性规则，不生成页面。\n" in chinese  # a whole summary: not cut at a space
    assert "  -h, --help        显示本帮助并退出。\n" in chinese
    english = CliRunner().invoke(cli, ["--lang", "en", "build", "--help"], prog_name="govreport").output
    assert english.startswith("Usage: govreport build [OPTIONS] PARAMS...\n") and "\nOptions:\n" in english
    assert "  --pdf              Also print report.pdf (A4), with WeasyPrint.\n" in english


def test_a_cached_template_words_its_constants_in_the_language_of_each_render():
    from govreport.run.catalogue import index_html

    with messages.using("en"):
        assert '<html lang="en">' in index_html([])
    assert '<html lang="zh-CN">' in index_html([])  # not the first render's language, compiled into the template


# -- click's own words -------------------------------------------------------------------------------

CLICK_PO = REPO / "govreport" / "messages" / "click.zh.po"


def _click_sentences() -> dict[str, set[str]]:
    """{click's sentence (a plural's singular form): the placeholders of its forms}, read from click's source."""
    import click
    from babel.messages.extract import extract_from_file

    found: dict[str, set[str]] = {}
    for source in sorted(Path(click.__file__).parent.glob("*.py")):
        for _line, text, _comments, _context in extract_from_file(
            "python", source, keywords={"_": None, "ngettext": (1, 2)}
        ):
            forms = text if isinstance(text, tuple) else (text,)
            found[forms[0]] = {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name}
    return found


def test_every_click_module_that_words_something_speaks_through_the_catalogue():
    import click

    from govreport.cli import CLICK_WORDED

    wording = {
        f"click.{source.stem}"
        for source in Path(click.__file__).parent.glob("*.py")
        if "from gettext import" in source.read_text(encoding="utf-8") and source.stem != "_winconsole"  # Windows
    }
    assert {module.__name__ for module in CLICK_WORDED} == wording
    assert all(module._ is messages.library_gettext for module in CLICK_WORDED)


def test_the_click_catalogue_words_every_sentence_click_has_in_chinese_with_no_new_placeholder():
    from babel.messages.pofile import read_po

    with CLICK_PO.open("rb") as handle:
        catalogue_ = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in read_po(handle) if m.id}
    sentences = _click_sentences()
    assert set(catalogue_) == set(sentences)
    for sentence, worded in catalogue_.items():
        forms = worded if isinstance(worded, tuple) else (worded,)
        assert all(re.search(r"[\u4e00-\u9fff]", form) or form == "Choice({choices})" for form in forms), sentence
        used = {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name}
        if "%(" not in sentence:  # click formats these with str.format, so no placeholder it does not give
            assert used <= sentences[sentence], sentence


@pytest.mark.parametrize(
    ("argv", "chinese", "english"),
    [
        (["build"], "错误：缺少参数 'PARAMS...'", "Error: Missing argument 'PARAMS...'"),
        (["build", "--bogus", "x"], "错误：没有选项 '--bogus'。", "Error: No such option '--bogus'."),
        (
            ["bild"],
            "错误：没有命令 'bild'。 （是不是 'build'？）",
            "Error: No such command 'bild'. Did you mean 'build'?",
        ),
        (
            ["build", "--timeout", "soon", "x"],
            "'--timeout' 的取值无效：'soon' 不是有效的数。",
            "'soon' is not a valid float",
        ),
        (["check", "--format", "xml", "x"], "'xml' 不在可选值 'text', 'csv', 'json' 之中。", "'xml' is not one of"),
    ],
)
def test_a_usage_error_is_chinese_and_english_with_lang_en(argv, chinese, english):
    from click.testing import CliRunner

    from govreport.cli import cli

    worded = CliRunner().invoke(cli, argv, prog_name="govreport")
    assert worded.exit_code == 2
    assert chinese in worded.output
    assert "运行 'govreport " in worded.output and "' 查看帮助。" in worded.output
    assert not re.search(r"\b(Error|Usage|Try)\b", worded.output), worded.output
    english_ = CliRunner().invoke(cli, ["--lang", "en", *argv], prog_name="govreport")
    assert english in english_.output and "Try 'govreport" in english_.output
