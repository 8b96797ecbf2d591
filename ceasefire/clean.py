"""Cleaning: the article body out of HTML or scraped text, with every removal recorded.

Works line by line on paragraphs. Each rule removes only what it is sure of, because a
real sentence lost here is lost to every later stage.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import tempfile
from array import array
from collections.abc import Iterator
from functools import cache
from importlib import metadata
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
from py3langid.modelio import load_model

from ceasefire.model import CleanText, RawArticle, Removal
from ceasefire.read import MAX_ANALYSED_CHARS, InputError
from ceasefire.resources import table, word_list, words
from ceasefire.timex import absolute_dates, alternation, parse_date

# trafilatura logs a warning per page it cannot use; the caller reports that failure once.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

_URL_ONLY = re.compile(r"^\s*(https?://|www\.)\S+\s*$")

# Where a caption's last content word runs into the next sentence's capital:
# "shake hands Peace talks ..." (the caption has no full stop of its own).
_CAPTION_JOIN = re.compile(r"\b([a-z][a-z'-]{2,})\s+(?=[A-Z][a-z])")
#: A line ending so, followed by a capital, ends a paragraph even without a blank line.
_PARAGRAPH_ENDS = (".", "?", "!", '"', "”", ":")
#: A text is refused as another language only when the identifier gives that language at
#: least this probability and NOT_ENGLISH_MARGIN times English's: a terse English headline
#: full of names ("Putin meets Erdogan in Sochi") scores low for every language.
NOT_ENGLISH_PROBABILITY, NOT_ENGLISH_MARGIN = 0.4, 5.0
#: What counts as English: Nigerian Pidgin is English-lexified, and the identifier takes terse
#: English headlines for it.
_ENGLISH = frozenset({"en", "pcm"})


#: The parts of py3langid's model, as its loader returns them.
_MODEL_PARTS = ("ptc", "pc", "classes", "nextmove", "row", "output")


def _model_cache() -> Path:
    """Where the language model is kept unpacked: py3langid ships it xz-compressed, and
    unpacking it costs most of a second on every start; reading the unpacked arrays, a tenth."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "ceasefire" / f"py3langid-{metadata.version('py3langid')}"


def _unpacked_model(folder: Path) -> list[Any]:
    """The model's parts from the cache; unpacked from the package (and cached) when absent."""
    try:
        # mapped, not read: scoring touches only the n-gram rows a text has
        return [np.load(folder / f"{part}.npy", mmap_mode="r", allow_pickle=False) for part in _MODEL_PARTS]
    except (OSError, ValueError):
        pass
    parts = [np.asarray(part) for part in load_model(MODEL_DIR / MODEL_FILE)]
    with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent))
        try:
            for name, part in zip(_MODEL_PARTS, parts, strict=True):
                np.save(tmp / f"{name}.npy", part, allow_pickle=False)
            os.rename(tmp, folder)  # whole or not at all
        finally:
            shutil.rmtree(tmp, ignore_errors=True)  # left only when another process won
    return parts


def _flat(values: Any) -> array[int]:
    """A NumPy vector of unsigned integers as the stdlib array py3langid's DFA walks."""
    out = array({2: "H", 4: "I", 8: "L"}[values.dtype.itemsize])
    out.frombytes(np.ascontiguousarray(values).data.cast("B"))
    return out


@cache
def _identifier() -> LanguageIdentifier:
    """py3langid's model (naive Bayes over byte n-grams, 97 languages), shipped inside the
    package: nothing is downloaded. Loaded on the first article."""
    ptc, pc, classes, nextmove, row, output = _unpacked_model(_model_cache())
    return LanguageIdentifier(
        ptc, pc, classes.tolist(), _flat(nextmove), output.tolist(), norm_probs=True, tk_row=_flat(row)
    )


@cache
def _link_list() -> re.Pattern[str]:
    """A line that opens a list of links to other stories: a heading, then a colon, bar or arrow."""
    headings = "|".join([alternation(word_list("link_list_phrases")), *word_list("link_list_patterns")])
    return re.compile(rf"^\s*({headings})\s*[:|»>-]", re.IGNORECASE)


@cache
def _dateline() -> re.Pattern[str]:
    """A dateline opening the body: "Wed 05 Apr 2017", "Posted on April 4 2017 by Name Surname",
    "Date of publication 5 July 2016", "Published July 20 2015"."""
    month = rf"(?:{alternation(table('months'))})\.?"
    weekday = rf"(?:{alternation(table('weekdays'))})\.?,?"
    date = (
        rf"(?:{weekday}\s+)?(?:\d{{1,2}}\s+{month},?\s+\d{{4}}|{month}\s+\d{{1,2}},?\s+\d{{4}}|"
        r"\d{4}-\d{2}-\d{2})"
    )
    return re.compile(
        rf"^\s*(?:(?:posted|published|updated)(?:\s+on)?:?\s+|date of publication:?\s+)?"
        rf"(?P<date>{date})(?:\s+\d{{1,2}}:\d{{2}}(?:\s*[ap]\.?m\.?)?)?"
        r"(?P<byline>\s+by\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})?\s*[-–—|:]?\s*",
        re.IGNORECASE,
    )


#: How far into the body a dateline may sit: after a headline, an agency's name, a byline.
TOP_CHARS = 300


def _date_near_top(text: str) -> str | None:
    """The publication date a dateline near the top gives, for input that has none. A date
    after a preposition is one the story tells ("began on 3 March 2012"), unless the
    preposition ends a dateline's lead ("Posted on", "Last updated at"); a date before a
    photo credit is a caption's ("March 2 2019 (AP Photo/Jane Doe)", "... REUTERS/Jane Doe")."""
    stories, leads = words("story_date_prepositions"), words("dateline_lead_words")
    for start, end, day in absolute_dates(text[:TOP_CHARS]):
        before = [w.lower() for w in text[:start].split()[-2:]]
        if before and before[-1] in stories and not (len(before) == 2 and before[0] in leads):
            continue
        if _photo_credit().match(text, end):
            continue
        return day.isoformat()
    return None


@cache
def _photo_credit() -> re.Pattern[str]:
    """A photo credit right after a date: in brackets ("(AP Photo/Jane Doe)", "(File photo)"),
    or an agency in capitals, a slash and the photographer ("REUTERS/Jane Doe")."""
    credit = alternation(word_list("photo_credit_words"))
    return re.compile(rf"\W{{0,3}}(?:\((?:\w+\s+){{0,3}}?(?i:{credit})\b|[A-Z]{{2,}}/[A-Z])")


@cache
def _caption_mark() -> re.Pattern[str]:
    """Where a photo caption names who is where in the picture: "Vladimir Putin, right, and ..."."""
    return re.compile(rf",\s*(?:{alternation(word_list('caption_positions'))})(?:\s*\([^)]*\))?\s*,")


class NotEnglish(InputError):
    """The article is in another language; the message names the guess."""


def guess_language(text: str) -> str:
    """The ISO 639 code of the text's language; "en" unless another language is clearly
    more likely (see NOT_ENGLISH_PROBABILITY)."""
    ranked: dict[str, float] = dict(_identifier().rank(text[:20_000]))
    english = sum(ranked.get(code, 0.0) for code in _ENGLISH)
    other = max((code for code in ranked if code not in _ENGLISH), key=ranked.__getitem__)
    if ranked[other] >= max(NOT_ENGLISH_PROBABILITY, NOT_ENGLISH_MARGIN * english):
        return other
    return "en"


def _is_share_bar(line: str) -> bool:
    line_words = re.findall(r"[\w'-]+", line.lower())
    if not line_words or len(line_words) > 8 or line.rstrip().endswith((".", "?", "!", '"', "”")):
        return False
    ui_words = words("share_bar_words")
    return sum(1 for w in line_words if w in ui_words) >= max(1, round(len(line_words) * 0.6))


@cache
def _inline_heading() -> re.Pattern[str]:
    """A link list's heading of two words or more inside a line, where a scraped one-line page
    runs it on after the story: "... on Monday. Source: agencies Related News Aid urgently ..."."""
    headings = alternation(p for p in word_list("link_list_phrases") if " " in p)
    return re.compile(rf"(?<![\w\"“'’])(?:{headings})\b", re.IGNORECASE)


#: How many words may stand between a story's last full stop and a heading run on after it:
#: a source credit ("Source TRTWorld and agencies").
CREDIT_WORDS = 6


def _inline_footer(line: str) -> int | None:
    """Where a link list run on at the end of a line starts: a heading set as one (every word
    capitalised, "Related News", "Read Also"), after the story's last full stop and at most a
    credit. Everything from it to the line's end is the list: a one-line page keeps no breaks
    that would tell its headlines from the story."""
    for match in _inline_heading().finditer(line):
        if not all(word[0].isupper() for word in match.group().split()):
            continue  # "read also" in a sentence
        before = line[: match.start()]
        if before.strip() and not line[match.end() :].strip():
            return match.start()  # a heading left at the end, its links gone
        stop = max(before.rfind(end) for end in (". ", "? ", "! ", '." ', ".” "))
        if stop >= 0 and len(before[stop:].split()) - 1 <= CREDIT_WORDS:
            return match.start()
    return None


def _removal_reason(line: str) -> str | None:
    if _link_list().match(line):
        return "link-list"
    if _URL_ONLY.match(line):
        return "link"
    if _is_share_bar(line):
        return "boilerplate"
    return None


def _split_caption(paragraph: str) -> tuple[str | None, str]:
    """Split a photo caption glued to the next sentence; (caption, rest) or (None, paragraph)."""
    mark = _caption_mark().search(paragraph)
    if mark is None or mark.start() > 300:
        return None, paragraph
    # The caption has no sentence end before the mark; its end is the first place where a
    # lower-case content word runs straight into a capitalised word.
    if re.search(r"[.!?]\s", paragraph[: mark.start()]):
        return None, paragraph
    for join in _CAPTION_JOIN.finditer(paragraph, mark.end()):
        if re.search(r"[.!?]", paragraph[mark.end() : join.start()]):
            break
        if join.group(1).lower() not in words("caption_function_words"):
            cut = join.end()
            return paragraph[:cut].strip(), paragraph[cut:]
    return None, paragraph


@cache
def _wire_dateline() -> re.Pattern[str]:
    """A wire copy's lead: the city in capitals, maybe its country, then a day of the month
    or the agency in brackets (one of them at least, so a headline in capitals is no lead),
    and a dash: "BEIRUT, June 6 (Levant Wire) -", "AMMAN (Reuters) -"."""
    month = rf"(?i:{alternation(table('months'))})\.?"
    return re.compile(
        rf"^\s*[A-Z][A-Z'.-]+(?:\s[A-Z][A-Z'.-]+){{0,2}}(?:,\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?"
        rf"(?:(?:,\s+{month}\s+\d{{1,2}})(?:\s+\([^()\n]{{1,40}}\))?|\s+\([^()\n]{{1,40}}\))\s+[-–—]\s*"
    )


def _find_dateline(text: str) -> tuple[str | None, int]:
    """The publication date of a dateline opening the text, and where the body starts. A wire
    lead ends where the story starts, and gives no date (it names no year)."""
    match = _dateline().match(text)
    if match is None:
        wire = _wire_dateline().match(text)
        return None, wire.end() if wire else 0
    day = parse_date(match.group("date"))
    if day is None:
        return None, 0
    return day.isoformat(), match.end()


def _html_to_text(html: str) -> tuple[str, str | None, str | None, str | None]:
    """Main text, title, date and url of a page, by trafilatura."""
    import trafilatura  # loads only for HTML: start-up stays quick for plain text
    from trafilatura.settings import Document, set_date_params

    # A date only from the page's metadata and time elements: htmldate's extensive search takes
    # any year-like number in the markup (class="col-2019", data-a1990) for one, and clamps
    # what it finds to its own earliest day (1995-01-01).
    dates = set_date_params(extensive=False)
    try:
        doc = trafilatura.bare_extraction(
            html,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
            date_extraction_params=dates,
        )
    except (ValueError, TypeError) as err:  # malformed markup that lxml refuses
        raise InputError(f"malformed HTML ({err})") from err
    if isinstance(doc, Document) and doc.text:
        return doc.text, doc.title, doc.date, doc.url
    # a page of a headline alone: clean() takes the title
    page = trafilatura.extract_metadata(html, date_config=dates)
    if page is None or not page.title:
        raise InputError("no article text found in the HTML")
    return "", page.title, page.date, page.url


def _pieces(body: str) -> Iterator[str | Removal]:
    """Paragraphs and removals in text order. Junk is judged line by line; the lines of a
    hard-wrapped paragraph are joined again."""
    for block in re.split(r"\n\s*\n", body):
        lines: list[str] = []
        for raw_line in block.split("\n"):
            line = " ".join(raw_line.split())
            if not line:
                continue
            reason = _removal_reason(line)
            footer = _inline_footer(line) if reason is None else None
            if footer is not None:  # the story, then the list run on after it
                lines.append(line[:footer].rstrip())
                yield " ".join(lines)
                lines = []
                yield Removal(line[footer:], "link-list")
            elif reason is not None:
                if lines:
                    yield " ".join(lines)
                    lines = []
                yield Removal(line, reason)
            elif lines and lines[-1].endswith(_PARAGRAPH_ENDS) and line[:1].isupper():
                yield " ".join(lines)
                lines = [line]
            else:
                lines.append(line)
        if lines:
            yield " ".join(lines)


def clean(raw: RawArticle) -> CleanText:
    """The cleaned body of one article, its removals, title, date and language.

    Raises InputError (or NotEnglish) when nothing usable is left.
    """
    title, published, url = raw.title, raw.published, raw.url
    if raw.html is not None and not raw.text:
        body, page_title, page_date, page_url = _html_to_text(raw.html)
        title, published = title or page_title, published or page_date
        raw.url = url or page_url
    else:
        body = raw.text or ""
    body = body.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")

    removed: list[Removal] = []
    date, start = _find_dateline(body)
    if start:
        removed.append(Removal(body[:start].strip(), "dateline"))
        published = published or date
        body = body[start:]
    published = published or _date_near_top(body)

    paragraphs: list[str] = []
    breaks: list[int] = []  # paragraph indexes where removed junk separated two runs of prose
    for piece in _pieces(body):
        if isinstance(piece, Removal):
            removed.append(piece)
            if paragraphs and (not breaks or breaks[-1] != len(paragraphs)):
                breaks.append(len(paragraphs))
            continue
        if title and not paragraphs and piece.lower() == title.strip().lower():
            removed.append(Removal(piece, "title"))
            continue
        caption, piece = _split_caption(piece)
        if caption is not None:
            removed.append(Removal(caption, "caption"))
        if piece.strip():
            paragraphs.append(piece.strip())

    if not paragraphs and removed and removed[-1].reason == "title":
        paragraphs.append(removed.pop().text)  # a body that is only its headline keeps it
    elif not paragraphs and title and title.strip():
        paragraphs.append(title.strip())  # a headline-only article: the headline is the news
    text = "\n\n".join(paragraphs)
    if len(text) > MAX_ANALYSED_CHARS:  # the analysis's cost per article is bounded here
        cut = text.rfind("\n\n", 0, MAX_ANALYSED_CHARS)
        cut = cut if cut > 0 else MAX_ANALYSED_CHARS
        removed.append(Removal(f"[{len(text) - cut} characters]", "truncated"))
        text = text[:cut]
        paragraphs = text.split("\n\n")
    if not any(ch.isalnum() for ch in text):  # invisible or punctuation only: nothing to read
        raise InputError("no article text left after cleaning")
    language = guess_language(text)
    if language != "en":
        raise NotEnglish(f"not English (looks like '{language}'); only English is supported")
    return CleanText(
        text=text,
        title=title,
        published=published,
        language=language,
        removed=removed,
        segments=_segments(paragraphs, breaks),
    )


def _segments(paragraphs: list[str], breaks: list[int]) -> list[tuple[int, int]]:
    """Story segments: junk removed between paragraphs (a link list, a share bar) marks where a
    scraped page stitched one story onto another."""
    bounds = [0, *[b for b in breaks if 0 < b < len(paragraphs)], len(paragraphs)]
    offsets = [0]
    for paragraph in paragraphs:
        offsets.append(offsets[-1] + len(paragraph) + 2)
    return [(offsets[a], offsets[b] - 2) for a, b in pairwise(bounds) if b > a]
