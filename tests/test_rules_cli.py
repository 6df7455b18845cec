"""`wirefacts rules check|test`: each broken rule file in tests/fixtures/bad_rules gives its message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.rules import load_rules
from pipeline.rules_cli import check_messages, example_failures, matcher_pipeline

BAD = Path(__file__).parent / "fixtures" / "bad_rules"


def expectation(path: Path, key: str) -> str | None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = f"# {key}: "
    return first[len(prefix) :] if first.startswith(prefix) else None


CHECK_CASES = sorted(p for p in BAD.glob("*.yml") if expectation(p, "expect"))


def single_file_dir(tmp_path: Path, source: Path) -> Path:
    folder = tmp_path / source.stem
    folder.mkdir()
    shutil.copy(source, folder / source.name)
    return folder


@pytest.mark.parametrize("path", CHECK_CASES, ids=lambda p: p.stem)
def test_check_reports_file_line_and_message(tmp_path, path):
    folder = single_file_dir(tmp_path, path)
    messages = check_messages(folder)
    expected = expectation(path, "expect")
    assert any(expected in m for m in messages), messages
    assert all(m.startswith(str(folder / path.name) + ":") for m in messages)


@pytest.mark.parametrize("path", CHECK_CASES[:3], ids=lambda p: p.stem)
def test_check_command_exits_2_on_broken_rules(tmp_path, path, capsys):
    assert main(["rules", "check", "--rules", str(single_file_dir(tmp_path, path))]) == 2
    assert expectation(path, "expect") in capsys.readouterr().err


def test_check_command_accepts_project_rules(capsys):
    assert main(["rules", "check"]) == 0
    assert "OK" in capsys.readouterr().out


def test_broken_example_is_reported_by_rules_test(tmp_path):
    folder = single_file_dir(tmp_path, BAD / "broken_example.yml")
    assert check_messages(folder) == []
    rules = load_rules(folder)
    failures = example_failures(rules, matcher_pipeline(rules))
    assert {(f.text, f.expected_match) for f in failures} == {("a general election", True), ("a referendum", False)}
    assert main(["rules", "test", "--rules", str(folder)]) == 1
