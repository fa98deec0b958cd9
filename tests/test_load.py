from __future__ import annotations

import codecs

from briefing.load import find_inputs, unique_id

from .conftest import ARTICLE_A, write
from .helpers import load_articles


def test_reads_txt_and_md_with_title_from_first_line(tmp_path):
    write(tmp_path, "a.txt", ARTICLE_A)
    write(tmp_path, "b.md", "# Port strike: day two\n\nThe strike entered its second day on Tuesday.\n")
    articles, skips = load_articles([str(tmp_path)])
    assert skips == []
    assert [a.title for a in articles] == ["Harbour talks resume in Serrin", "Port strike: day two"]
    assert all(a.published is not None and a.published_from == "mtime" for a in articles)


def test_bad_files_become_skips_with_reasons(tmp_path):
    write(tmp_path, "good.txt", ARTICLE_A)
    write(tmp_path, "empty.txt", "   \n")
    write(tmp_path, "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(tmp_path, "photo.jpg", b"\xff\xd8\xff")
    articles, skips = load_articles([str(tmp_path)])
    assert [a.id for a in articles] == ["good"]
    reasons = {s.path.rsplit("/", 1)[-1]: s.reason for s in skips}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "unsupported file type" in reasons["photo.jpg"]


def test_decodes_cp1252_and_utf16(tmp_path):
    write(tmp_path, "cp.txt", "The minister\u2019s caf\u00e9 statement came on Monday.".encode("cp1252"))
    write(tmp_path, "u16.txt", codecs.BOM_UTF16_LE + "Talks in Serrin resumed on Friday.".encode("utf-16-le"))
    articles, skips = load_articles([str(tmp_path)])
    assert skips == []
    texts = {a.id: a.text for a in articles}
    assert texts["cp"] == "The minister\u2019s caf\u00e9 statement came on Monday."
    assert texts["u16"] == "Talks in Serrin resumed on Friday."


def test_hidden_files_are_ignored_and_files_named_twice_read_once(tmp_path):
    a = write(tmp_path, "a.txt", ARTICLE_A)
    write(tmp_path, ".hidden/b.txt", ARTICLE_A)
    assert [f.path for f in find_inputs([str(tmp_path), str(a)]).files] == [a]


def test_unique_ids():
    used: set[str] = set()
    assert [unique_id(x, used) for x in ["a b", "a b", "a-b", ""]] == ["a-b", "a-b-2", "a-b-3", "article"]
