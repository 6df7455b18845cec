"""Readers: discovery, formats, encodings; every failure is a ReadError value, never an exception."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from pipeline.io.readers import RawDoc, ReadError, decode_bytes, iter_documents, parse_bytes

SMART = "\u201cWe won,\u201d he said \u2013 the vote\u2019s result."


def read_all(*inputs: Path | str, glob: str | None = None) -> list[RawDoc | ReadError]:
    return list(iter_documents([str(i) for i in inputs], glob))


# --------------------------------------------------------------------------- decoding

ENCODED = [
    ("utf-8", SMART.encode("utf-8")),
    ("utf-8 with BOM", b"\xef\xbb\xbf" + SMART.encode("utf-8")),
    ("cp1252 smart quotes", SMART.encode("cp1252")),
    ("utf-16 with BOM", SMART.encode("utf-16")),
    ("utf-16-le without BOM", SMART.encode("utf-16-le")),
    ("utf-16-be without BOM", SMART.encode("utf-16-be")),
    ("utf-32 with BOM", SMART.encode("utf-32")),
]


@pytest.mark.parametrize("name, data", ENCODED, ids=[e[0] for e in ENCODED])
def test_decode_bytes_reads_every_encoding(name, data):
    assert decode_bytes(data) == SMART


def test_latin1_accents_decode():
    assert decode_bytes("Gen\xe8ve \xe9lection".encode("latin-1")) == "Genève élection"


BAD_BYTES = [
    ("empty", b"", "empty"),
    ("whitespace only", b" \n\t\r\n  ", "empty"),
    ("binary", bytes(range(256)) * 8, "binary"),
    ("NUL bytes in text", b"Votes were counted\x00\x00 on Sunday.\x00", "binary"),
    ("control characters", b"\x01\x02\x03\x04\x05abc" * 50, "binary"),
]


@pytest.mark.parametrize("name, data, words", BAD_BYTES, ids=[b[0] for b in BAD_BYTES])
def test_bad_bytes_are_one_read_error(name, data, words):
    items = list(parse_bytes("x.txt", data))
    assert len(items) == 1 and isinstance(items[0], ReadError)
    assert words in items[0].error


# --------------------------------------------------------------------------- formats

JSON_CASES = [
    # (suffix, content, [(kind, detail)])
    (".jsonl", '{"text": "One."}\n{"text": "Two.", "id": "b"}\n', [("ok", "One."), ("ok", "Two.")]),
    (".jsonl", '{"text": "One."}\n{not json\n{"text": "Three."}\n', [("ok", "One."), ("error", "invalid JSON line"), ("ok", "Three.")]),
    (".jsonl", '{"text": 5}\n', [("error", "'text' must be a string, got int")]),
    (".jsonl", "[1, 2]\n", [("error", "expected a JSON object, got list")]),
    (".jsonl", '"just a string"\n', [("error", "expected a JSON object, got str")]),
    (".jsonl", '{"title": "no text"}\n', [("error", "no 'text' field")]),
    (".jsonl", '{"text": "   "}\n', [("error", "'text' is empty")]),
    (".jsonl", '{"text": "a\\u0000b"}\n', [("error", "NUL")]),
    (".json", '{"text": "Whole file."}', [("ok", "Whole file.")]),
    (".json", '[{"text": "A."}, {"text": "B."}, 7]', [("ok", "A."), ("ok", "B."), ("error", "got int")]),
    (".json", '{"text": "broken"', [("error", "invalid JSON")]),
    (".json", "null", [("error", "got NoneType")]),
]


@pytest.mark.parametrize("suffix, content, expected", JSON_CASES)
def test_json_inputs(tmp_path, suffix, content, expected):
    path = tmp_path / f"a{suffix}"
    path.write_text(content, encoding="utf-8")
    items = read_all(path)
    got = [("ok", i.text) if isinstance(i, RawDoc) else ("error", i.error) for i in items]
    assert len(got) == len(expected)
    for (kind, detail), (want_kind, want) in zip(got, expected):
        assert kind == want_kind and want in detail


def test_jsonl_errors_name_the_line(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "One."}\n\n{oops\n', encoding="utf-8")
    errors = [i for i in read_all(path) if isinstance(i, ReadError)]
    assert [e.path for e in errors] == [f"{path}#L3"]


def test_json_metadata_is_kept_only_when_it_is_a_string(tmp_path):
    path = tmp_path / "a.jsonl"
    row = {"text": "T.", "id": "x", "title": "Title", "published": "2024-02-08", "publisher": 5, "agency": ["a"]}
    path.write_text(json.dumps(row), encoding="utf-8")
    (doc,) = read_all(path)
    assert doc.meta == {"id": "x", "title": "Title", "published": "2024-02-08"}


HTML = """<!doctype html><html><head><title>Page title</title><style>p { color: red }</style>
<script>var secret = "do not extract";</script><meta property="article:published_time" content="2024-02-08T10:00">
</head><body><nav>Home | News</nav><article><h1>Aliyev wins</h1><p>The CEC said <b>turnout</b> was 76%.</p>
<script>alert("x")</script><p>Counting   goes on.</p></article><footer>Copyright</footer></body></html>"""


def test_html_keeps_the_main_text_only(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    (doc,) = read_all(path)
    assert doc.text == "The CEC said turnout was 76%.\n\nCounting goes on."
    assert doc.meta == {"title": "Aliyev wins", "published": "2024-02-08"}
    assert doc.origin == "html"


def test_html_without_text_is_an_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    (item,) = read_all(path)
    assert isinstance(item, ReadError) and "no text" in item.error


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".json", ".html"])
def test_gzip_of_each_format(tmp_path, suffix):
    content = {
        ".txt": "Votes were counted.",
        ".jsonl": '{"text": "Votes were counted."}\n',
        ".json": '{"text": "Votes were counted."}',
        ".html": "<html><body><p>Votes were counted.</p></body></html>",
    }[suffix]
    path = tmp_path / f"a{suffix}.gz"
    path.write_bytes(gzip.compress(content.encode("utf-8")))
    (doc,) = read_all(path)
    assert isinstance(doc, RawDoc) and doc.text == "Votes were counted."


def test_corrupt_gzip_is_an_error(tmp_path):
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(b"Votes were counted.")[:-12] + b"garbage")
    (item,) = read_all(path)
    assert isinstance(item, ReadError) and "gzip" in item.error


# --------------------------------------------------------------------------- discovery


def test_folders_are_walked_in_sorted_order_and_gold_files_skipped(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Two.")
    (tmp_path / "1.txt").write_text("One.")
    (tmp_path / "1.gold.json").write_text('{"text": "not an article"}')
    (tmp_path / "aliases.json").write_text('{"text": "not an article"}')
    (tmp_path / ".hidden.txt").write_text("Hidden.")
    (tmp_path / "notes.csv").write_text("a,b")
    assert [d.text for d in read_all(tmp_path)] == ["One.", "Two."]


def test_glob_selects_files(tmp_path):
    (tmp_path / "a.txt").write_text("A.")
    (tmp_path / "b.jsonl").write_text('{"text": "B."}')
    assert [d.text for d in read_all(tmp_path, glob="*.jsonl")] == ["B."]


def test_missing_input_is_an_error(tmp_path):
    (item,) = read_all(tmp_path / "nope.txt")
    assert isinstance(item, ReadError) and "no such file" in item.error


def test_symlink_loop_is_an_error_not_a_hang(tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "up").symlink_to(tmp_path)  # a folder loop is not followed
    items = read_all(tmp_path)
    assert len(items) == 2 and all(isinstance(i, ReadError) for i in items)


def test_unreadable_file_is_an_error(tmp_path, refuse_reading):
    path = tmp_path / "locked.txt"
    path.write_text("Secret.")
    refuse_reading("locked.txt")
    (item,) = read_all(path)
    assert isinstance(item, ReadError) and item.error == "permission denied"


@pytest.mark.parametrize("name", ["with space.txt", "new\nline.txt", "quote'\"s.txt", "élection_選挙.txt"])
def test_odd_file_names_are_read(tmp_path, name):
    (tmp_path / name).write_text("Votes were counted.", encoding="utf-8")
    (doc,) = read_all(tmp_path)
    assert doc.path.endswith(name) and doc.text == "Votes were counted."


def test_unknown_suffix_is_sniffed(tmp_path):
    (tmp_path / "story").write_text('{"text": "From JSON."}')
    (doc,) = read_all(tmp_path / "story")
    assert doc.text == "From JSON."


@pytest.mark.parametrize(
    ("text", "binary"),
    [
        ("Tabs\tform\x0cfeeds\x0bcarriage\rreturns\nare text. " * 20, False),
        ("a\x01" * 100, True),  # one control character in two
        ("x" * 60 + "\x1b", False),  # one escape in 61 characters: under 2%
        ("x" * 40 + "\x1b", True),  # one in 41: over 2%
    ],
)
def test_control_characters_mark_binary_text(text, binary):
    from pipeline.io.readers import InputError, _checked

    if binary:
        with pytest.raises(InputError):
            _checked(text)
    else:
        assert _checked(text) == text
