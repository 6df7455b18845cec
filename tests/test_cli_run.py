"""End to end: `wirefacts run` on the sample corpus writes the five files, valid per the schema."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.conftest import ROOT, SCHEMA_PATH, needs_shared

FILES = ("articles.jsonl", "dataset.jsonl", "entities.jsonl", "errors.jsonl")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    code = main(["run", str(ROOT / "corpus"), "--out", str(out), "--quiet"])
    return code, out


def test_run_writes_every_file(sample_run):
    code, out = sample_run
    assert code == 0
    for name in (*FILES, "run.json"):
        assert (out / name).exists(), name
    manifest = json.loads((out / "run.json").read_text())
    assert manifest["counts"]["articles"] == 2
    assert manifest["versions"]["spacy"].startswith("3.8")


@needs_shared(SCHEMA_PATH)
def test_outputs_validate_against_schema(sample_run):
    import jsonschema

    _, out = sample_run
    schema = json.loads(SCHEMA_PATH.read_text())
    document = {name: read_jsonl(out / name) for name in FILES}
    jsonschema.validate(document, schema)


@pytest.mark.parametrize(
    "name, published, publisher, agency, place",
    [
        ("000_b66a12f209a253b3.txt", "2024-02-08", "MENAFN", "Trend News Agency", "Baku"),
        ("003_0cafe3c9a0c7b1d1.txt", "2024-02-09", "MENAFN", "Trend News Agency", "Baku"),
    ],
)
def test_seed_metadata(sample_run, name, published, publisher, agency, place):
    _, out = sample_run
    article = next(a for a in read_jsonl(out / "articles.jsonl") if a["path"].endswith(name))
    assert (article["published"], article["publisher"], article["agency"]) == (published, publisher, agency)
    assert article["dateline"]["place"].startswith(place)


@pytest.mark.parametrize("workers", ["1", pytest.param("2", marks=pytest.mark.slow)])
def test_unknown_model_is_a_usage_error(tmp_path, capsys, workers):
    argv = ["run", str(ROOT / "corpus"), "--out", str(tmp_path), "--model", "no_such_model", "--workers", workers, "--quiet"]
    assert main(argv) == 2
    assert "cannot load spaCy model 'no_such_model'" in capsys.readouterr().err


def test_unknown_format_is_a_usage_error(tmp_path):
    assert main(["run", str(ROOT / "corpus"), "--out", str(tmp_path), "--format", "xml", "--quiet"]) == 2


def test_broken_alias_table_is_a_usage_error_before_extraction(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "aliases.yml").write_text("entities: [unclosed\n", encoding="utf-8")
    assert main(["run", str(ROOT / "corpus"), "--out", str(tmp_path / "out"), "--rules", str(rules), "--quiet"]) == 2
    assert not (tmp_path / "out" / "dataset.jsonl").exists()


@pytest.mark.slow
def test_bad_token_pattern_is_a_usage_error_when_a_worker_checks_it(tmp_path, capsys):
    # with worker processes spaCy checks the patterns in one of them: the error comes back whole
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    shutil.copy(ROOT / "tests" / "fixtures" / "bad_rules" / "bad_token_pattern.yml", rules / "zz_bad.yml")
    out = tmp_path / "out"
    assert main(["run", str(ROOT / "corpus"), "--out", str(out), "--rules", str(rules), "--workers", "2", "--quiet"]) == 2
    error = capsys.readouterr().err
    assert "zz_bad.yml:" in error and "bad token pattern" in error
    assert not (out / "dataset.jsonl").exists()


@pytest.mark.slow
def test_main_process_of_a_multi_worker_run_does_not_import_spacy(tmp_path):
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from pipeline.cli import main\n"
        f"code = main(['run', {str(ROOT / 'corpus')!r}, '--out', {str(tmp_path)!r}, '--workers', '2', '--quiet'])\n"
        "print(code, 'spacy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.stdout.split() == ["0", "False"], done.stderr[-2000:]
    assert json.loads((tmp_path / "run.json").read_text())["versions"]["spacy"].startswith("3.8")
