"""A seeded generator of hostile inputs, mixed with good articles, for the fuzz suite
(tests/test_fuzz.py): the categories of issue 16, each input written here from a seed, so that
a failing case is reproduced by its seed and number.

Each case is a file (or a FIFO, or a link) under one folder. Good articles are short texts
written from a template, each naming its own id, so that the suite can tell they were stored.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ceasefire.read.limits import MAX_ATTRIBUTES, MAX_BODY_CHARS, MAX_FIELD_CHARS

PLACES = ("Khan Shaykhun", "Saraqeb", "Ariha", "Jisr al-Shughur", "Maarat al-Numan", "Kafr Nabl")
ACTORS = ("Government artillery", "Rebel fighters", "Russian warplanes", "Militants", "Army units")
ACTS = ("shelled", "bombed", "attacked", "struck", "raided")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
# Characters that break naive readers: line separators, a BOM, zero-width and bidi marks.
ODD_CHARS = ("\u2028", "\u2029", "\u0085", "\ufeff", "\u200b", "\u202e", "\x0b", "\x0c", "\r")
MARKUP = ("[/]", "[/red]", "[bold]", "[/", "[link=x]", "[", "]", "[red]x[/blue]")


@dataclass
class Case:
    """One input: `name` under the folder (bytes: it may be no UTF-8), what it holds, and
    its category. `kind` is file, fifo or link (then `data` is the link's target)."""

    category: str
    name: bytes
    data: bytes
    kind: str = "file"
    marker: str | None = None  # for a good article: words only its stored text holds


def good_text(rng: random.Random, number: int) -> str:
    place, actor, act, day = (rng.choice(x) for x in (PLACES, ACTORS, ACTS, DAYS))
    killed = rng.randint(2, 40)
    return (
        f"{actor} {act} the town of {place} in Idlib province on {day}, killing {killed} people, "
        f"a monitoring group said in report {number}.\n\nResidents of {place} said the attack "
        f"on {day} was the heaviest since the truce began."
    )


def good_case(rng: random.Random, number: int) -> Case:
    marker = f"in report {number}."
    if rng.random() < 0.5:
        record = {"id": f"good-{number}", "title": f"Attack report {number}", "text": good_text(rng, number)}
        record["published"] = f"2017-05-{rng.randint(10, 28):02d}"
        return Case("good", f"good-{number}.jsonl".encode(), _line(record), marker=marker)
    return Case("good", f"good-{number}.txt".encode(), good_text(rng, number).encode(), marker=marker)


def _line(record: object) -> bytes:
    return json.dumps(record).encode() + b"\n"


def _record(rng: random.Random, number: int, **fields: object) -> dict[str, object]:
    return {"id": f"case-{number}", "text": good_text(rng, number), **fields}


def jsonl_separators(rng: random.Random, n: int, size: int) -> Case:
    text = rng.choice(ODD_CHARS).join(good_text(rng, n).split(" ", 3))
    data = json.dumps(_record(rng, n, text=text), ensure_ascii=rng.random() < 0.3).encode() + b"\n"
    return Case("jsonl-separators", f"sep-{n}.jsonl".encode(), data)


def jsonl_surrogate(rng: random.Random, n: int, size: int) -> Case:
    escape = rng.choice(("\\ud800", "\\udfff", "\\udc00x", "\\ud83d", "\\ud83d\\ud83d"))
    field = rng.choice(("text", "title", "id", "url", "source"))
    body = json.dumps(_record(rng, n))[:-1] + f', "{field}": "{escape} {n}"}}'
    return Case("jsonl-surrogate", f"surrogate-{n}.jsonl".encode(), body.encode() + b"\n")


def jsonl_deep(rng: random.Random, n: int, size: int) -> Case:
    depth = rng.choice((900, 1_100, 10_000, 100_000))
    opener, closer = rng.choice((("[", "]"), ('{"a":', "}")))
    value = opener * depth + "1" + closer * depth
    where = rng.random()
    data = (value if where < 0.5 else '{"text": "x", "meta": ' + value + "}").encode() + b"\n"
    return Case("jsonl-deep", f"deep-{n}.jsonl".encode(), data + _line(_record(rng, n + 10_000)))


def jsonl_digits(rng: random.Random, n: int, size: int) -> Case:
    digits = "9" * rng.choice((4_301, 5_000, 20_000))
    number = rng.choice((digits, "-" + digits, "1e999999", "0." + digits, digits + ".5"))
    field = rng.choice(("id", "text", "published", "extra"))
    data = f'{{"id": "d{n}", "text": "x", "{field}": {number}}}'.encode() + b"\n"
    return Case("jsonl-digits", f"digits-{n}.jsonl".encode(), data)


def jsonl_types(rng: random.Random, n: int, size: int) -> Case:
    wrong = rng.choice((12345, 1.5, True, [], ["a"], {"a": 1}, ""))
    field = rng.choice(("id", "title", "text", "html", "url", "source", "published"))
    record = rng.choice(([wrong], wrong, None, _record(rng, n, **{field: wrong})))
    return Case("jsonl-types", f"types-{n}.jsonl".encode(), _line(record))


def jsonl_dates(rng: random.Random, n: int, size: int) -> Case:
    day = rng.choice(
        (
            "9999-12-31",
            "0001-01-01",
            "0000-00-00",
            "May 2017",
            "2017",
            "2017-02-30",
            "not a date",
            "1899-12-31",
        )
    )
    return Case("jsonl-dates", f"dates-{n}.jsonl".encode(), _line(_record(rng, n, published=day)))


def jsonl_encoding(rng: random.Random, n: int, size: int) -> Case:
    text = "Caf\u00e9 owners in Sarm\u00edn said the shelling na\u00efvely called a truce ended."
    lines = [
        json.dumps(_record(rng, n, text=text), ensure_ascii=False).encode(
            rng.choice(("utf-8", "cp1252", "latin-1"))
        ),
        bytes(rng.randrange(256) for _ in range(rng.randint(1, 200))),
        json.dumps(_record(rng, n + 20_000), ensure_ascii=False).encode("utf-8"),
    ]
    rng.shuffle(lines)
    return Case("jsonl-encoding", f"enc-{n}.jsonl".encode(), b"\n".join(lines) + b"\n")


def jsonl_ids(rng: random.Random, n: int, size: int) -> Case:
    same = f"dup-{n}"
    lines = [_line(_record(rng, n, id=same)), _line(_record(rng, n + 30_000, id=same))]
    return Case("jsonl-ids", f"ids-{n}.jsonl".encode(), b"".join(lines))


def jsonl_big_field(rng: random.Random, n: int, size: int) -> Case:
    field = rng.choice(("title", "url", "id", "text"))
    size = (MAX_BODY_CHARS if field == "text" else MAX_FIELD_CHARS) + rng.randint(1, 100)
    return Case("jsonl-big-field", f"big-{n}.jsonl".encode(), _line(_record(rng, n, **{field: "w" * size})))


def csv_hostile(rng: random.Random, n: int, size: int) -> Case:
    header = rng.choice(
        ("title,text", f"{rng.choice(MARKUP)},text", f"title,{rng.choice(MARKUP)}", "a\x00b,text")
    )
    body = rng.choice(
        (
            f'"unclosed,{good_text(rng, n)}',
            f"t,{good_text(rng, n)}\x00",
            "t," + "w" * (MAX_BODY_CHARS + 10),
            f"{rng.choice(MARKUP)},{good_text(rng, n)}",
            "only-one-cell",
            "t," + "\r" * 50,
        )
    )
    return Case("csv", f"table-{n}.csv".encode(), f"{header}\n{body}\n".encode())


def names(rng: random.Random, n: int, size: int) -> Case:
    stem = rng.choice(
        (
            "[/red]",
            "[bold]x[/bold]",
            "caf\xe9",
            "\u202eevil",
            "new\nline",
            "tab\tname",
            "x" * 200,
            "-dash",
            "space ",
        )
    )
    # the Latin-1 bytes of "café": a name that is not UTF-8
    raw = stem.encode("latin-1") if stem == "caf\xe9" else stem.encode()
    raw += f"-{n}".encode()
    data = good_text(rng, n).encode()
    return Case("names", raw + b".txt", data)


def binary(rng: random.Random, n: int, size: int) -> Case:
    data = rng.choice(
        (
            b"",
            b" \n\t ",
            "\u200b".encode() * 50,
            b"\x00" * 1000,
            bytes(rng.randrange(256) for _ in range(5000)),
            good_text(rng, n).encode("utf-16"),
            good_text(rng, n).encode("utf-16-le"),
            b"\xff\xfe\x00",
            b"\xef\xbb\xbf",
            "\ufeff\u200b\u200b".encode(),
        )
    )
    return Case("binary", f"bytes-{n}.{rng.choice(('txt', 'html', 'jsonl', 'csv', 'xml'))}".encode(), data)


def html(rng: random.Random, n: int, size: int) -> Case:
    body = f"<p>{good_text(rng, n)}</p>"
    attributes = " ".join(f'a{i}="v"' for i in range(MAX_ATTRIBUTES + rng.randint(1, 3000)))
    page = rng.choice(
        (
            f"<html><body><div {attributes}>{body}</div></body></html>",
            "<html><body>" + "<div>" * size + body + "</div>" * size + "</body></html>",
            "<html><body>" + "<b>x</b>" * 110_000 + body + "</body></html>",
            "<html><body><script>" + "<a x=1>" * size + body + "</body></html>",
            '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;">]><html><body><p>&c;&c;&c;</p>' + body + "</body></html>",
            '<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html><body><p>&x;</p>'
            + body
            + "</body></html>",
            f"<html><body><p title='{rng.choice(MARKUP) * 100}'>{body}</p></body></html>",
            f"<html><head><meta name='date' content='9999-12-31'></head><body>{body}</body></html>",
        )
    )
    return Case("html", f"page-{n}.html".encode(), page.encode())


def text(rng: random.Random, n: int, size: int) -> Case:
    digits = "9" * rng.choice((10, 4_301, 5_000, 20_000))
    content = rng.choice(
        (
            f"Shelling killed {digits} people in the town of Saraqeb on Monday, a monitor said.",
            f"At least {digits},000 people were wounded in Ariha on {rng.choice(DAYS)}.",
            "\n\n".join(rng.choice(("a", "b.", "Idlib", "killed")) for _ in range(size)),
            " ".join(rng.choice(("shelled", "Idlib", "rebels", "the")) for _ in range(size)),
            f"{rng.choice(MARKUP)} {good_text(rng, n)} {rng.choice(MARKUP)}",
            good_text(rng, n).replace(" ", rng.choice(ODD_CHARS)),
        )
    )
    return Case("text", f"text-{n}.txt".encode(), content.encode())


def feed(rng: random.Random, n: int, size: int) -> Case:
    date = rng.choice(("Fri, 31 Dec 9999 23:59:59 GMT", "not a date", "Thu, 04 May 2017 10:00:00 GMT", ""))
    item = f"<item><title>T{n}</title><guid>feed-{n}</guid><pubDate>{date}</pubDate>"
    item += f"<description><![CDATA[<p>{good_text(rng, n)}</p>]]></description></item>"
    xml = f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{item}</channel></rss>'
    if rng.random() < 0.3:
        xml = xml.replace("<rss", '<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><rss').replace(
            "<title>F", "<title>&e;F"
        )
    return Case("feed", f"feed-{n}.rss".encode(), xml.encode())


def special(rng: random.Random, n: int, size: int) -> Case:
    kind = rng.choice(("fifo", "outside", "device", "outside-dir", "dangling"))
    if kind == "fifo":
        return Case("special", f"fifo-{n}.txt".encode(), b"", kind="fifo")
    target = {
        "outside": b"@OUTSIDE@/canary.txt",
        "device": rng.choice((b"/dev/zero", b"/dev/urandom", b"/dev/null")),
        "outside-dir": b"@OUTSIDE@",
        "dangling": b"@OUTSIDE@/missing.txt",
    }[kind]
    suffix = "" if kind == "outside-dir" else ".txt"
    return Case("special", f"link-{kind}-{n}{suffix}".encode(), target, kind="link")


#: Every category; the quick subset draws from all of them too.
HOSTILE: tuple[Callable[[random.Random, int, int], Case], ...] = (
    jsonl_separators,
    jsonl_surrogate,
    jsonl_deep,
    jsonl_digits,
    jsonl_types,
    jsonl_dates,
    jsonl_encoding,
    jsonl_ids,
    jsonl_big_field,
    csv_hostile,
    names,
    binary,
    html,
    text,
    feed,
    special,
)


def cases(seed: int, hostile: int, good: int, size: int) -> Iterator[Case]:
    """`hostile` inputs (every category in turn, each drawn from the seed) with `good`
    articles spread among them. `size` scales the inputs that are within the limits but
    costly to analyse (paragraphs, words, nested tags)."""
    rng = random.Random(seed)
    every = max(1, hostile // max(good, 1))
    made = 0
    for number in range(hostile):
        yield HOSTILE[number % len(HOSTILE)](rng, number, size)
        if number % every == 0 and made < good:
            yield good_case(rng, made)
            made += 1
    while made < good:
        yield good_case(rng, made)
        made += 1


def write_case(case: Case, folder: Path, outside: Path, number: int) -> Path:
    """Put one case in `folder` (its name made unique by `number`); returns its path."""
    prefix = f"{number:04d}-".encode()
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), prefix + case.name)))
    path.parent.mkdir(parents=True, exist_ok=True)  # "[/red]" in a name is a folder "[" and more
    if case.kind == "fifo":
        os.mkfifo(path)
    elif case.kind == "link":
        target = case.data.replace(b"@OUTSIDE@", os.fsencode(outside))
        os.symlink(os.fsdecode(target), path)
    else:
        path.write_bytes(case.data)
    return path
