"""The README's commands and the CLI agree (the README is what a newcomer runs)."""

import re

from click.testing import CliRunner
from conftest import REPO

from govreport.cli import cli


def test_readme_starts_with_the_two_setup_commands():
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    head = "\n".join(lines[:8])
    assert "make report" in head and "make test" in head


def test_every_command_the_readme_names_exists_and_every_command_is_named():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(?:govreport )?(new|build|check|batch|import|audit)\b", readme))
    commands = set(cli.commands)
    assert named == commands
    for name in commands:
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0, result.output


def test_make_targets_the_readme_names_exist():
    makefile = (REPO / "Makefile").read_text()
    for target in re.findall(r"^make (\w+)", (REPO / "README.md").read_text(encoding="utf-8"), flags=re.M):
        assert re.search(rf"^{target}:", makefile, flags=re.M), target
