"""Dates and encodings are never lost silently: news date forms, a warning for a date that
cannot be read, the time of an HTML page's date, and text in legacy non-Western charsets."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from pathlib import Path

import pytest

from briefing.load import find_inputs, read_file
from briefing.load.html import declared_charset
from briefing.load.records import safe_date
from briefing.load.text import decode, looks_western

from .conftest import DATA, write

UTC = timezone.utc
BODY = ("Negotiators met in Geneva on Friday to resume talks on a ceasefire. "
        "The agenda covered an exchange of prisoners and humanitarian corridors.")


def read(path: Path) -> list:
    [file] = find_inputs([str(path)]).files
    return read_file(file)


# --- dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("November 20, 2026", datetime(2026, 11, 20, tzinfo=UTC)),
    ("Nov 20, 2026 08:00", datetime(2026, 11, 20, 8, tzinfo=UTC)),
    ("Nov. 20, 2026, 8:00 AM", datetime(2026, 11, 20, 8, tzinfo=UTC)),
    ("20 November 2026", datetime(2026, 11, 20, tzinfo=UTC)),
    ("20 Nov 2026 08:00 UTC", datetime(2026, 11, 20, 8, tzinfo=UTC)),
    ("2026/11/20", datetime(2026, 11, 20, tzinfo=UTC)),
    ("2026/11/20 08:00:30", datetime(2026, 11, 20, 8, 0, 30, tzinfo=UTC)),
    ("Sept 3, 2026", datetime(2026, 9, 3, tzinfo=UTC)),
    ("2026-11-20T08:00:00Z", datetime(2026, 11, 20, 8, tzinfo=UTC)),
    ("Fri, 20 Nov 2026 08:00:00 GMT", datetime(2026, 11, 20, 8, tzinfo=UTC)),
])
def test_news_date_forms_are_read(value, expected):
    assert safe_date(value) == expected


@pytest.mark.parametrize("value", ["sometime", "2026", "November 2026", "Friday", "February 30, 2026",
                                   "20/11/2026", "November 20", "yesterday at 8"])
def test_vague_or_impossible_dates_are_not_guessed(value):
    assert safe_date(value) is None


def json_file(tmp_path: Path, dates: list[object]) -> Path:
    records = [{"title": f"Talks {n}", "text": BODY, "published": d} for n, d in enumerate(dates, start=1)]
    return write(tmp_path, "export.json", json.dumps(records))


def test_an_unreadable_json_date_gives_one_warning_naming_file_record_and_field(tmp_path, caplog):
    path = json_file(tmp_path, ["November 20, 2026", "2026-11-20", "sometime", "later", ""])
    with caplog.at_level(logging.WARNING, logger="briefing"):
        articles = read(path)
    assert [a.published_from for a in articles] == ["file", "file", "mtime", "mtime", "mtime"]
    assert articles[0].published == datetime(2026, 11, 20, tzinfo=UTC)
    [warning] = [r.getMessage() for r in caplog.records]
    assert "export.json#3" in warning and "published 'sometime' is not a date" in warning
    assert "1 more" in warning and "modification time" in warning


def test_the_warning_names_the_field_the_date_came_from(tmp_path, caplog):
    path = write(tmp_path, "feed.jsonl", json.dumps({"text": BODY, "pubDate": "soon"}) + "\n")
    with caplog.at_level(logging.WARNING, logger="briefing"):
        [article] = read(path)
    assert article.published_from == "mtime"
    assert ["pubDate 'soon' is not a date" in r.getMessage() for r in caplog.records] == [True]


def test_readable_dates_and_no_dates_give_no_warning(tmp_path, caplog):
    path = json_file(tmp_path, ["20 November 2026", None])
    with caplog.at_level(logging.WARNING, logger="briefing"):
        read(path)
    assert caplog.records == []


def test_a_feed_date_feedparser_cannot_read_is_read_or_warned_about(tmp_path, caplog):
    items = "".join(f"<item><title>T{n}</title><description>{BODY}</description><pubDate>{d}</pubDate></item>"
                    for n, d in enumerate(["November 20, 2026 08:00", "whenever"], start=1))
    path = write(tmp_path, "news.rss", f'<?xml version="1.0"?><rss version="2.0"><channel><title>N</title>'
                                       f"{items}</channel></rss>")
    with caplog.at_level(logging.WARNING, logger="briefing"):
        first, second = read(path)
    assert first.published == datetime(2026, 11, 20, 8, tzinfo=UTC) and first.published_from == "file"
    assert second.published_from == "mtime"
    assert ["news.rss#2: published 'whenever' is not a date" in r.getMessage() for r in caplog.records] == [True]


def test_an_html_page_date_keeps_its_time(tmp_path):
    path = write(tmp_path, "page.html", (DATA / "pages" / "published-time.html").read_bytes())
    [article] = read(path)
    assert article.published == datetime(2026, 11, 20, 8, tzinfo=UTC)
    assert article.published_from == "file"


def test_an_html_page_with_a_day_only_is_that_days_midnight(tmp_path):
    page = (DATA / "pages" / "published-time.html").read_text(encoding="utf-8")
    page = page.replace('property="article:published_time" content="2026-11-20T08:00:00Z"',
                        'name="date" content="2026-11-20"')
    [article] = read(write(tmp_path, "page.html", page))
    assert article.published == datetime(2026, 11, 20, tzinfo=UTC)


# --- encodings ------------------------------------------------------------------------

PARAGRAPHS = {
    "cp1251": "Переговоры о прекращении огня возобновились в Женеве во вторник. Делегации обсудили обмен "
              "пленными и гуманитарные коридоры для мирных жителей, сообщил министр.",
    "iso-8859-2": "Rozmowy pokojowe wznowiono we wtorek w Genewie. Delegacje omówiły wymianę jeńców, "
                  "zawieszenie broni i korytarze humanitarne dla ludności cywilnej na Śląsku, a źródła "
                  "podają, że są blisko porozumienia.",
    "shift_jis": "停戦交渉は火曜日にジュネーブで再開された。代表団は捕虜交換と民間人のための人道回廊について"
                 "協議した。外相は「合意は近い」と述べた。",
}
WESTERN = [
    "The talks resumed on Tuesday in Geneva. \u201cWe are close,\u201d the minister said \u2014 but the "
    "caf\u00e9 owner wasn\u2019t convinced; prices rose \u00bd% to \u20ac4.",
    "Les n\u00e9gociations ont repris mardi \u00e0 Gen\u00e8ve. Les d\u00e9l\u00e9gations ont discut\u00e9 "
    "d\u2019un \u00e9change de prisonniers \u2014 \u00ab tr\u00e8s difficile \u00bb, a d\u00e9clar\u00e9 le "
    "ministre fran\u00e7ais, \u00e0 c\u00f4t\u00e9 de l\u2019\u0153uvre de la Croix-Rouge.",
    "Die Verhandlungen in Genf wurden am Dienstag fortgesetzt; \u00fcber den Gefangenenaustausch "
    "gab es gro\u00dfe Einigkeit, sagte der Au\u00dfenminister.",
    "Las negociaciones se reanudaron el martes en Ginebra. \u00bfHabr\u00e1 acuerdo? \u00a1Ojal\u00e1!, dijo "
    "el ministro espa\u00f1ol.",
]


@pytest.mark.parametrize("encoding", sorted(PARAGRAPHS))
def test_legacy_non_western_text_decodes_to_the_original(encoding):
    text = PARAGRAPHS[encoding]
    assert decode(text.encode(encoding)) == text


@pytest.mark.parametrize("text", WESTERN, ids=["en", "fr", "de", "es"])
def test_western_cp1252_text_stays_cp1252(text):
    assert looks_western(text)
    assert decode(text.encode("cp1252")) == text


@pytest.mark.parametrize("text", WESTERN + list(PARAGRAPHS.values()))
def test_utf8_stays_utf8(text):
    assert decode(text.encode("utf-8")) == text


def html_page(body: str, charset: str) -> bytes:
    paragraphs = "".join(f"<p>{body} {n}</p>" for n in range(4))
    return (f'<html><head><meta charset="{charset}"><title>T</title></head>'
            f"<body><article>{paragraphs}</article></body></html>").encode(charset)


@pytest.mark.parametrize("encoding", sorted(PARAGRAPHS))
def test_an_html_page_is_decoded_by_its_declared_charset(tmp_path, encoding):
    data = html_page(PARAGRAPHS[encoding], encoding)
    assert declared_charset(data) == encoding
    [article] = read(write(tmp_path, "page.html", data))
    assert PARAGRAPHS[encoding][:40] in article.text


def test_a_declared_charset_that_does_not_fit_the_bytes_is_not_trusted():
    text = PARAGRAPHS["cp1251"]
    assert decode(text.encode("cp1251"), declared="shift_jis") == text
    assert decode(text.encode("utf-8"), declared="cp1251") == text  # UTF-8 first, whatever the page says


def test_the_http_equiv_form_is_read_and_an_unknown_charset_ignored():
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">') \
        == "windows-1251"
    assert decode(WESTERN[1].encode("cp1252"), declared="x-no-such-charset") == WESTERN[1]
