"""Every worked example of docs/rules.md, docs/import.md and docs/new-year.md prints what the page says it prints.

Within a `##`/`###` section, a ```csv, ```yaml, ```markdown, ```html or ```text block is a file, named by the
last `data/…`, `params/…` or `published/…` path in backticks on the nearest line above it (a later block of the
same path replaces it); a ```console block's `$ govreport …` lines (optionally `| grep …`) run in a fresh root
holding the section's files so far (agency `demo`), and the rest of the block is their output.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from govreport.cli import cli

RULES = REPO / "docs" / "rules.md"
IMPORT = REPO / "docs" / "import.md"
NEW_YEAR = REPO / "docs" / "new-year.md"
FENCE = re.compile(r"^```(csv|yaml|markdown|html|text|console)\s*$")
PATH = re.compile(r"`((?:data|params|published)/[^`]+)`")


@dataclass
class Example:
    page: str
    line: int
    files: dict[str, str]
    commands: list[str]
    expected: list[str]


def examples(page: Path) -> list[Example]:
    lines, found, files, i = page.read_text(encoding="utf-8").split("\n"), [], {}, 0
    while i < len(lines):
        if lines[i].startswith(("## ", "### ")):
            files = {}
        fence = FENCE.match(lines[i])
        if not fence:
            i += 1
            continue
        end = lines.index("```", i + 1)
        body = lines[i + 1 : end]
        if fence.group(1) == "console":
            commands = [b[2:] for b in body if b.startswith("$ ")]
            found.append(Example(page.name, i + 1, dict(files), commands, body))
        else:
            above = next(line for line in reversed(lines[:i]) if line.strip())
            if named := PATH.findall(above):
                files[named[-1]] = "\n".join(body) + "\n"
        i = end + 1
    return found


EXAMPLES = examples(RULES) + examples(IMPORT) + examples(NEW_YEAR)


def test_the_rules_page_has_a_worked_example_for_every_rule():
    assert len([e for e in EXAMPLES if e.page == RULES.name]) >= 24


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.page}:{e.line}" for e in EXAMPLES])
def test_a_worked_example_prints_what_the_page_says(example: Example, tmp_path: Path, monkeypatch):
    (tmp_path / "data/demo").mkdir(parents=True)
    (tmp_path / "data/demo/agency.yaml").write_text("name: 示例局\nkind: department\n", encoding="utf-8")
    for path, text in example.files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    printed = []
    for command in example.commands:
        if year := re.search(r"params/demo/(\d{4})\.yaml", command):
            params = tmp_path / year.group(0)
            if not params.exists():
                params.parent.mkdir(parents=True, exist_ok=True)
                params.write_text(f"agency: demo\nyear: {year.group(1)}\n", encoding="utf-8")
            (tmp_path / "data/demo" / year.group(1)).mkdir(parents=True, exist_ok=True)
        run, _, piped = command.partition(" | grep ")
        words = shlex.split(run)
        assert words[0] == "govreport"
        output = [line for line in CliRunner().invoke(cli, words[1:]).output.rstrip("\n").split("\n") if line]
        if piped:  # `| grep PATTERN` or `| grep -e P1 -e P2`: the lines any pattern matches
            patterns = [w for w in shlex.split(piped) if w != "-e"]
            output = [line for line in output if any(re.search(p, line) for p in patterns)]
        printed += [f"$ {command}", *output]
    assert printed == example.expected
