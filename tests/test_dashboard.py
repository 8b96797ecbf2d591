"""The dashboard in a real browser (Debian's chromium driven by Playwright) against the real app
over a store of the seed, the first five example articles, the example zones and the articles of
tests/statuses.py (one shelling of Idlib beside reports of the same kind that are not asserted).

Every page runs with a request handler that blocks, and records, anything not asked of the
loopback server: the dashboard must work with no external request at all. Screenshots go to
test-artifacts/ for a look by eye.
"""

from __future__ import annotations

import datetime
import json
import re
import socket
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from ceasefire.api import create_app
from ceasefire.model import PLOVER_TYPES
from tests.conftest import build_example_store, first_examples, unavailable
from tests.statuses import DAY, OTHER_STATUSES

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# The gold event of the seed the page must mark: the Azaz car bomb (gold/seed.json).
GOLD_SENTENCE = "killed at least five people"

# Written for this test: an article whose title and text try to run script in the page.
PAYLOAD_SCRIPT = "<script>window.__pwned=1</script>"
PAYLOAD_IMG = '<img src=x onerror="window.__pwned=2">'
MALICIOUS = {
    "title": f"Shelling in Saraqeb {PAYLOAD_SCRIPT}{PAYLOAD_IMG}",
    "text": (
        "Government forces shelled the town of Saraqeb in Idlib province on Tuesday, killing five "
        f"civilians {PAYLOAD_SCRIPT} {PAYLOAD_IMG}, activists said.\n\n"
        "Rescue workers said they were still searching the rubble of the market."
    ),
    "url": "https://example.org/saraqeb-payload",
    "source": "written for the test",
    "published": "2017-06-14",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fire_example_alerts(db: Path) -> None:
    """Alerts for the alerts page: the deadly assaults in Idlib's zone, and its first week of
    violations, one alert sent to a webhook that is not there."""
    from ceasefire.alerts import add_rule, fire_alerts, new_rule
    from ceasefire.store import open_store

    with open_store(str(db)) as store:
        add_rule(store, new_rule("assault-fatal", "idlib", webhook=f"http://127.0.0.1:{free_port()}/hook"))
        add_rule(store, new_rule("weekly-rise", "idlib", min_count=1))
        fire_alerts(store, now=datetime.date(2017, 5, 11))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app under uvicorn in a thread; yields its base URL."""
    if not CHROMIUM.exists():
        unavailable("/usr/bin/chromium is absent (apt-get install chromium) - the browser tests need it")
    db = tmp_path_factory.mktemp("dashboard") / "store.db"
    build_example_store(db, first_examples(tmp_path_factory.mktemp("examples")))
    fire_example_alerts(db)
    port = free_port()
    config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the app did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


def api(base: str, path: str, body: dict[str, Any] | None = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: Any, server: str) -> Iterator[Any]:
    """A 1280x800 page that may only talk to the loopback server, and must raise no script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    blocked: list[str] = []
    errors: list[str] = []

    def only_loopback(route: Any) -> None:
        url = route.request.url
        if url == server or url.startswith(server + "/"):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", only_loopback)
    tab = context.new_page()
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield tab
    context.close()
    assert blocked == [], f"the page asked for something beyond the server: {blocked}"
    assert errors == [], f"errors in the page: {errors}"


def wait_route(page: Any) -> None:
    """The view of the current hash has rendered (not the one before a click changed it).
    A selector, not wait_for_function: the page's CSP forbids the eval that one needs."""
    current = page.evaluate("location.hash").replace("\\", "\\\\").replace('"', '\\"')
    page.wait_for_selector(f'.view[data-ready][data-route="{current}"]', state="attached")


def open_route(page: Any, server: str, route: str) -> None:
    page.goto(f"{server}/{route}")
    wait_route(page)


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}.png"), full_page=True)


def test_map_shows_every_located_incident_the_zones_and_the_base_map(page: Any, server: str) -> None:
    open_route(page, server, "#/")
    page.wait_for_selector("path.zone-polygon", state="attached")
    page.wait_for_selector("path.country", state="attached")
    located = api(server, "/api/incidents.geojson?limit=5000")["features"]
    assert located, "the store has located incidents"
    page.wait_for_selector("path.event-marker, .marker-cluster", state="attached")
    shot(page, "home")
    # the type filter offers the API's types, in its order
    offered = page.locator("select[name=type] option").all_inner_texts()
    assert offered == api(server, "/api/types") == list(PLOVER_TYPES)
    # the map opens on the zones; framed on the incidents, every located incident is on it: a
    # circle of its own or counted in a cluster (clusters only draw what is in view)
    page.click("#fit-events")
    page.wait_for_selector("#map:not(.leaflet-zoom-anim)", state="attached")
    singles = page.locator("path.event-marker").count()
    clustered = sum(int(n) for n in page.locator(".marker-cluster span").all_inner_texts())
    assert singles + clustered == len(located)
    assert page.locator("path.zone-polygon").count() == 4  # the four Astana zones
    assert page.locator("path.country").count() > 100  # Natural Earth's outlines
    # one timeline per zone, and the incident table's first page
    assert page.locator("figure.zone-timeline svg.timeline").count() == 4
    rows = page.locator("table.incidents tbody tr")
    assert rows.count() == min(25, len(api(server, "/api/incidents?limit=500")["items"]))
    assert page.locator("table.events").count() == 0
    legend = page.locator(".legend-box").inner_text()
    # the count line counts incidents, and says how many reports they fuse
    reports = sum(f["properties"]["n_reports"] for f in located)
    assert f"{len(located)} located incidents on the map, fused from {reports} reports" in legend
    assert reports > len(located)
    for event_type in {f["properties"]["type"] for f in located}:
        assert event_type in legend
    shot(page, "home-zoomed-out")


def test_filters_then_event_page_marks_the_gold_sentence(page: Any, server: str) -> None:
    open_route(page, server, "#/")
    page.select_option("select[name=view]", "reports")
    page.select_option("select[name=type]", ["ASSAULT"])
    page.fill("input[name=text]", GOLD_SENTENCE)
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/#/?type=ASSAULT&view=reports&text=*")
    wait_route(page)
    links = page.locator("table.events a.event-link")
    assert links.count() >= 1
    for sentence in links.all_inner_texts():
        assert GOLD_SENTENCE in sentence
    types = page.locator("table.events tbody td:nth-child(2)").all_inner_texts()
    assert {t.splitlines()[0].strip() for t in types} == {"ASSAULT"}  # the type, then the word
    links.first.click()
    page.wait_for_url("**/#/event/*")
    wait_route(page)
    # one card per source article, each report's sentence marked in it
    event_id = urllib.parse.unquote(page.url.split("#/event/")[1])
    sources = api(server, f"/api/events/{urllib.parse.quote(event_id, safe='')}")["sources"]
    assert page.locator("article.source").count() == len({s["article_id"] for s in sources})
    marks = page.locator("article.source mark.sentence")
    assert sorted(m.strip() for m in marks.all_inner_texts()) == sorted(
        {s["sentence"].strip() for s in sources}
    )
    assert any(GOLD_SENTENCE in text for text in marks.all_inner_texts())
    # the article's names and places are picked out too: Azaz is where the bomb went off
    assert "Azaz" in page.locator("article.source .ann-place").all_inner_texts()
    assert page.locator("article.source .ann-actor").count() > 0
    assert page.locator("article.source .ann-quote").count() > 0
    assert page.locator(".ann-legend mark.sentence").count() == 1
    # the report says which incident it is counted in
    incident = api(server, f"/api/events/{urllib.parse.quote(event_id, safe='')}")["incident_id"]
    link = page.locator("p.incident-link a")
    assert link.get_attribute("href") == f"#/incident/{incident}"
    shot(page, "event")


# The incident of tests/statuses.py: two articles report one shelling of Idlib.
SHELLING = "Government forces shelled Idlib on Wednesday"


def test_incident_page_gives_its_facts_then_every_report_marked(page: Any, server: str) -> None:
    open_route(page, server, "#/?type=ASSAULT&zone=idlib")
    link = page.locator("table.incidents a.incident-link", has_text=SHELLING)
    row = page.locator("table.incidents tbody tr", has=page.locator("a.incident-link", has_text=SHELLING))
    # the list gives the incident's toll as the range and the most-reported figure, and its reports
    assert "5–6\nmost reported: 5" in row.inner_text()
    assert row.locator("td").nth(5).inner_text() == "2"
    link.click()
    page.wait_for_url("**/#/incident/*")
    wait_route(page)
    incident_id = urllib.parse.unquote(page.url.split("#/incident/")[1])
    found = api(server, f"/api/incidents/{urllib.parse.quote(incident_id, safe='')}")
    reports = found["reports"]
    assert len(reports) == 2
    facts = dict(
        zip(
            page.locator("dl.facts dt").all_inner_texts(),
            page.locator("dl.facts dd").all_inner_texts(),
            strict=True,
        )
    )
    assert facts["Date"] == "2017-05-10"
    assert facts["Place"].startswith("Idlib") and "town or city" in facts["Place"]
    assert facts["Killed"] == "5–6 (most reported: 5)"
    assert facts["Sources"] == "2 reports in 2 articles"
    assert "Government forces" in facts["Actors"] and facts["Zones"] == "idlib"
    # then every report, linked to its own page, and each article with its sentence marked
    links = page.locator("table.reports a.event-link")
    assert links.count() == 2
    assert {
        urllib.parse.unquote(h.split("#/event/")[1])
        for h in (links.nth(i).get_attribute("href") or "" for i in range(2))
    } == {r["id"] for r in reports}
    assert page.locator("article.source").count() == 2
    marks = sorted(m.strip() for m in page.locator("article.source mark.sentence").all_inner_texts())
    assert marks == sorted(r["sentence"].strip() for r in reports)
    # none of the reports that did not happen is among them (their sentences stay unmarked text)
    assert "did not shell" not in page.locator("table.reports").inner_text()
    assert "did not shell" in page.locator("article.source").first.inner_text()
    shot(page, "incident")
    links.first.click()
    page.wait_for_url("**/#/event/*")
    wait_route(page)
    assert page.locator("p.incident-link a").get_attribute("href") == f"#/incident/{incident_id}"


def test_an_incident_on_the_map_says_when_how_many_died_and_how_many_report_it(
    page: Any, server: str
) -> None:
    open_route(page, server, f"#/?text={urllib.parse.quote('Warplanes bombed Idlib')}")
    page.wait_for_selector("path.event-marker", state="attached")
    assert "1 located incident on the map, fused from 2 reports" in page.locator(".legend-box").inner_text()
    page.locator("path.event-marker").click()
    popup = page.locator(".leaflet-popup .popup")
    popup.wait_for()
    text = popup.inner_text()
    assert "ASSAULT" in text and "2017-05-10" in text and "Idlib" in text
    assert "5–6 (most reported: 5) killed" in text and "2 reports in 2 articles" in text
    page.wait_for_timeout(400)  # the popup fades in
    shot(page, "incident-popup")
    popup.locator("a.incident-link").click()
    page.wait_for_url("**/#/incident/*")
    wait_route(page)
    assert page.locator("table.reports tbody tr").count() == 2


def test_an_incident_of_one_article_marks_each_of_its_reports(page: Any, server: str) -> None:
    (azaz,) = [
        row
        for row in api(server, "/api/incidents?type=ASSAULT&limit=500")["items"]
        if row["place"] == "Azaz" and row["date"] == "2017-05-03"
    ]
    open_route(page, server, f"#/incident/{urllib.parse.quote(azaz['id'], safe='')}")
    assert azaz["n_reports"] == 3 and azaz["n_articles"] == 1
    assert page.locator("article.source").count() == 1
    assert page.locator("article.source mark.sentence").count() == 3
    assert any(GOLD_SENTENCE in m for m in page.locator("article.source mark.sentence").all_inner_texts())
    shot(page, "incident-one-article")


# Written for this test: one sentence that reports one bombing twice ("bomber", "detonated").
TWICE = {
    "title": "Truck bomb at an Azaz checkpoint",
    "text": (
        "The suicide bomber was driving a truck loaded with explosives and detonated it at a checkpoint "
        "in Azaz on Sunday, activists said."
    ),
    "url": "https://example.org/azaz-truck",
    "source": "written for the test",
    "published": "2017-06-19",
}


def test_one_sentence_is_one_incident_and_its_reports_are_told_apart(page: Any, server: str) -> None:
    api(server, "/api/articles", TWICE)
    words = "truck loaded with explosives"
    reports = api(server, f"/api/events?text={urllib.parse.quote(words)}")["items"]
    assert len(reports) >= 2 and len({r["sentence"] for r in reports}) == 1
    # the list shows the sentence once: one incident
    open_route(page, server, f"#/?text={urllib.parse.quote(words)}")
    assert page.locator("table.incidents tbody tr").count() == 1
    assert page.locator("table.incidents tbody td").nth(5).inner_text() == str(len(reports))
    page.locator("table.incidents a.incident-link").click()
    page.wait_for_url("**/#/incident/*")
    wait_route(page)
    # its reports share the sentence; the word that reports each tells them apart
    rows = page.locator("table.reports tbody tr")
    assert rows.count() == len(reports)
    shown = [row.inner_text() for row in rows.all()]
    assert len(set(shown)) == len(shown)
    assert {t.strip("“”") for t in page.locator("table.reports td.trigger").all_inner_texts()} == {
        r["trigger"] for r in reports
    }
    assert page.locator("article.source mark.sentence").count() == 1
    shot(page, "incident-one-sentence")


def test_zone_page_shows_its_report_with_links_to_violations(page: Any, server: str) -> None:
    report = api(server, "/api/zones/idlib/report?by=week")
    # newest first, as the page lists them
    violations = [v for p in reversed(report["periods"]) for v in p["violations"]]
    assert violations, "the example shelling near Idlib breaks the zone"
    open_route(page, server, "#/zone/idlib")
    assert "Idlib" in page.locator("h1").inner_text()
    # the totals say which weeks they cover, and that violations count only from the start
    meta = page.locator("p.zone-meta").inner_text()
    periods = report["periods"]
    span = f"From {periods[0]['period']} to {periods[-1]['period']} ({len(periods)} weeks)"
    assert span in meta and f"since it took effect on {report['zone']['start']}" in meta, meta
    assert page.locator("table.periods tbody tr").count() == len(report["periods"])
    first = report["periods"][-1]
    assert page.locator("table.periods tbody tr").first.locator("th").inner_text() == first["period"]
    links = page.locator("section.violations a.event-link")
    assert links.count() == len(violations)
    shot(page, "zone")
    links.first.click()
    page.wait_for_url(f"**/#/event/{urllib.parse.quote(violations[0]['event_id'], safe='')}")
    wait_route(page)
    mark = page.locator("article.source mark.sentence").first.inner_text()
    assert mark.strip() == violations[0]["sentence"].strip()


def test_quotes_search_by_speaker_and_words(page: Any, server: str) -> None:
    # Putin speaks in the seed (gold/seed.json); "hostilities" is in one of his quotes
    for speaker, words in (("Putin", ""), ("Putin", "hostilities")):
        query = urllib.parse.urlencode({"speaker": speaker, "text": words, "limit": 500})
        expected = api(server, f"/api/quotes?{query}")["items"]
        assert expected, f"the seed quotes {speaker}"
        open_route(page, server, "#/quotes")
        page.fill("input[name=speaker]", speaker)
        page.fill("input[name=text]", words)
        page.click("form.filters button[type=submit]")
        page.wait_for_url("**/#/quotes?speaker=*")
        wait_route(page)
        assert page.locator("li.quote").count() == min(20, len(expected))
        shown = page.locator("li.quote blockquote").all_inner_texts()
        assert shown == [q["text"] for q in expected[:20]]
        assert set(page.locator("li.quote strong").all_inner_texts()) == {q["speaker"] for q in expected[:20]}
    assert len(shown) < len(api(server, "/api/quotes?speaker=Putin&limit=500")["items"])
    shot(page, "quotes")


def test_a_malicious_article_is_shown_as_text_and_never_runs(page: Any, server: str) -> None:
    posted = api(server, "/api/articles", MALICIOUS)
    assert posted["events"] >= 1
    open_route(page, server, "#/?text=Saraqeb")
    assert page.locator("table.incidents tbody tr").count() >= 1
    assert PAYLOAD_SCRIPT in page.locator("table.incidents").inner_text()  # the title, literally
    page.locator("table.incidents a.incident-link").first.click()
    page.wait_for_url("**/#/incident/*")
    wait_route(page)
    body = page.locator("main").inner_text()
    assert PAYLOAD_SCRIPT in body and "onerror" in body
    assert page.locator("main img, main script").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    shot(page, "malicious")


def test_the_status_filter_shows_what_is_not_asserted_and_marks_it(page: Any, server: str) -> None:
    def listed(**params: Any) -> list[dict[str, Any]]:
        query = urllib.parse.urlencode({"text": "Idlib", "until": DAY, "limit": 500, **params}, doseq=True)
        found: list[dict[str, Any]] = api(server, f"/api/events?{query}")["items"]
        return found

    asserted, every = listed(), listed(status="all")
    assert {e["status"] for e in asserted} == {"asserted"}
    assert {e["status"] for e in every} >= {"asserted"} | OTHER_STATUSES
    incidents = api(server, f"/api/incidents?text=Idlib&until={DAY}&limit=500")["items"]
    assert incidents and len(incidents) < len(asserted)
    # up to the day of the status articles: the example articles tell of Idlib for weeks after
    open_route(page, server, f"#/?text=Idlib&until={DAY}")
    # by default only asserted is picked, the incidents are listed, and nothing is marked
    picked = page.locator("select[name=status] option:checked").all_inner_texts()
    assert picked == ["asserted"]
    assert page.locator("select[name=status] option").all_inner_texts() == api(server, "/api/statuses")
    assert page.locator("table.incidents tbody tr").count() == min(25, len(incidents))
    assert page.locator(".status-badge").count() == 0
    # asking for the statuses that make no incident lists the single reports
    page.select_option("select[name=status]", api(server, "/api/statuses"))
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/#/?*status=background&view=reports*")
    wait_route(page)
    rows = page.locator("table.events tbody tr")
    assert rows.count() == min(25, len(every))
    badges = {b.strip().lower() for b in page.locator("table.events .status-badge").all_inner_texts()}
    assert badges == {e["status"] for e in every[:25]} - {"asserted"} and badges
    assert "not asserted" in page.locator(".legend-box").inner_text()
    assert page.locator("path.event-marker.status-background, .marker-cluster").count() > 0
    shot(page, "statuses")
    page.locator("table.events a.event-link", has_text="300,000").click()
    page.wait_for_url("**/#/event/*")
    wait_route(page)
    note = page.locator("p.status-note")
    assert "Not counted" in note.inner_text() and "background" in note.inner_text()
    assert page.locator("h1.not-asserted").count() == 1
    shot(page, "event-background")


def test_api_docs_render_offline(page: Any, server: str) -> None:
    page.goto(f"{server}/api/docs")
    page.wait_for_selector(".swagger-ui .opblock", state="attached", timeout=30000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/events" in [p.replace("\u200b", "") for p in paths]
    shot(page, "api-docs")


def caption_of(page: Any) -> str:
    text: str = page.locator("table.incidents caption").inner_text()
    return text


# Written for this test: shellings of four towns on four days, so that the list runs past one
# page whatever ran before.
SHELLED = [("Maarat al-Numan", 12), ("Jisr al-Shughur", 13), ("Douma", 14), ("Daraa", 15)]


def shelling(town: str, day: int) -> dict[str, str]:
    return {
        "title": f"Shelling of {town}",
        "text": f"Government forces shelled the town of {town} on Monday, killing {day - 9} civilians.",
        "url": f"https://example.org/shelling-{day}",
        "source": "written for the test",
        "published": f"2017-06-{day}",
    }


def test_the_incident_list_gives_its_total_sorts_and_pages(page: Any, server: str) -> None:
    for town, day in SHELLED:
        api(server, "/api/articles", shelling(town, day))
    total = api(server, "/api/incidents?limit=1")["total"]
    assert total > 25, "the store has more than one page of incidents"
    open_route(page, server, "#/")
    assert caption_of(page).startswith(f"Incidents 1–25 of {total}")
    # a click on a column's heading sorts the whole list by it (the API sorts, not the page)
    page.click("table.incidents th button[data-sort=fatalities]")
    page.wait_for_url("**/#/?sort=-fatalities")
    wait_route(page)
    by_toll = api(server, "/api/incidents?sort=-fatalities&limit=50")["items"]
    ids = [row["event_id"] for row in by_toll]
    shown = page.locator("table.incidents a.incident-link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert shown == [f"#/incident/{urllib.parse.quote(row['id'], safe='')}" for row in by_toll[:25]]
    assert ids and by_toll[0]["fatalities_mode"] == max(r["fatalities_mode"] or 0 for r in by_toll)
    heading = page.locator("table.incidents th[aria-sort]")
    assert heading.get_attribute("aria-sort") == "descending" and "Killed" in heading.inner_text()
    # the next page goes on in the same order, and says where it is
    page.click("nav.pager button:has-text('Next')")
    page.wait_for_selector("table.incidents caption:has-text('26–')")
    assert caption_of(page).startswith(f"Incidents 26–{min(50, total)} of {total}")
    shown = page.locator("table.incidents a.incident-link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert shown[0] == f"#/incident/{urllib.parse.quote(by_toll[25]['id'], safe='')}"
    shot(page, "incidents-sorted")


def test_single_reports_show_their_status_in_a_column(page: Any, server: str) -> None:
    open_route(page, server, "#/?text=Idlib&status=all&view=reports")
    headings = page.locator("table.events thead th").all_inner_texts()
    assert "Status" in headings
    column = headings.index("Status")
    cells = page.locator(f"table.events tbody td:nth-child({column + 1})").all_inner_texts()
    statuses = {cell.strip().lower() for cell in cells}
    assert statuses >= {"asserted", "background"}


def test_dates_are_typed_and_checked_as_iso(page: Any, server: str) -> None:
    open_route(page, server, "#/")
    since = page.locator("input[name=since]")
    assert since.get_attribute("type") == "text" and since.get_attribute("placeholder") == "YYYY-MM-DD"
    since.fill("05/04/2017")
    page.click("form.filters button[type=submit]")
    assert "YYYY-MM-DD" in since.evaluate("input => input.validationMessage")
    assert "since=" not in page.url  # refused, not read as May or April
    since.fill("2017-02-30")
    page.click("form.filters button[type=submit]")
    assert "since=" not in page.url
    since.fill("2017-05-04")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/#/?since=2017-05-04")
    wait_route(page)


def test_the_popup_gives_precision_and_sources(page: Any, server: str) -> None:
    open_route(page, server, f"#/?text={urllib.parse.quote('Warplanes bombed Idlib')}")
    page.wait_for_selector("path.event-marker", state="attached")
    page.locator("path.event-marker").click()
    popup = page.locator(".leaflet-popup .popup")
    popup.wait_for()
    text = popup.inner_text()
    (incident,) = api(server, f"/api/incidents?text={urllib.parse.quote('Warplanes bombed Idlib')}")["items"]
    assert "town or city" in text and "day" in text
    assert incident["title"] in text and "and 1 more" in text


def test_clusters_are_coloured_like_the_legend(page: Any, server: str) -> None:
    open_route(page, server, "#/")
    page.wait_for_selector(".marker-cluster", state="attached")
    colour = "el => getComputedStyle(el).backgroundColor"
    swatches = {
        item.inner_text().strip(): item.locator(".swatch").evaluate(colour)
        for item in page.locator(".legend-box ul.legend li:has(.swatch)").all()
    }
    clusters = page.locator(".marker-cluster").all()
    assert clusters
    # the plugin's own colours by count (green, yellow, orange) are not drawn
    for cluster in clusters:
        classes = cluster.get_attribute("class") or ""
        assert not any(size in classes for size in ("-small", "-medium", "-large")), classes
    for cluster in clusters:
        types = (cluster.locator(".cluster-ring").get_attribute("data-types") or "").split()
        assert types and all(t in swatches for t in types), (types, swatches)
        ring = cluster.evaluate("el => getComputedStyle(el.querySelector('.cluster-ring')).backgroundImage")
        drawn = set(re.findall(r"rgb\([^)]*\)", ring))
        assert drawn == {swatches[t] for t in types}, (ring, types)
    # the legend says what a cluster is
    assert "cluster" in page.locator(".legend-box").inner_text()
    shot(page, "clusters")


def test_zone_page_opens_with_this_period_against_the_last(page: Any, server: str) -> None:
    periods = api(server, "/api/zones/idlib/report?by=week")["periods"]
    latest, before = periods[-1], periods[-2]
    open_route(page, server, "#/zone/idlib")
    headline = page.locator("section.headline")
    text = headline.inner_text()
    assert latest["period"] in text and before["period"] in text
    cells = {
        row.locator("th").inner_text(): row.locator("td").all_inner_texts()
        for row in headline.locator("tbody tr").all()
    }

    def change(now: int, then: int) -> str:
        return "±0" if now == then else (f"+{now - then}" if now > then else f"−{then - now}")

    for name, now, then in (
        ("Events", latest["events"], before["events"]),
        ("Violations", len(latest["violations"]), len(before["violations"])),
        ("Killed", latest["fatalities"] or 0, before["fatalities"] or 0),
    ):
        assert cells[name] == [str(now), str(then), change(now, then)], (name, cells)
    # the periods table starts with the newest
    first = page.locator("table.periods tbody tr").first.locator("th").inner_text()
    assert first == latest["period"]
    # the chart says what it shows: its title and both scales are labelled
    chart = page.locator("figure.zone-timeline.wide svg.timeline")
    labels = chart.locator("text.axis-title").all_text_contents()
    assert any("events" in t for t in labels) and any("killed" in t for t in labels)
    shot(page, "zone-headline")


def test_the_current_view_downloads_as_csv_and_geojson(page: Any, server: str) -> None:
    listed = api(server, "/api/incidents?type=ASSAULT&limit=500")["items"]
    located = api(server, "/api/incidents.geojson?type=ASSAULT&limit=5000")["features"]
    open_route(page, server, "#/?type=ASSAULT")
    page.wait_for_selector("path.event-marker, .marker-cluster", state="attached")
    with page.expect_download() as caught:
        page.click("button#download-csv")
    download = caught.value
    assert download.suggested_filename.endswith(".csv")
    import csv

    rows = list(csv.DictReader(Path(download.path()).read_text(encoding="utf-8").splitlines()))
    assert [r["id"] for r in rows] == [r["id"] for r in listed]
    assert {"date", "type", "place", "fatalities_mode", "n_reports", "title"} <= set(rows[0])
    with page.expect_download() as caught:
        page.click("button#download-geojson")
    download = caught.value
    assert download.suggested_filename.endswith(".geojson")
    collection = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert [f["properties"]["id"] for f in collection["features"]] == [f["properties"]["id"] for f in located]


def test_a_quote_links_to_its_article_in_the_app(page: Any, server: str) -> None:
    (quote, *_) = api(server, "/api/quotes?speaker=Putin")["items"]
    open_route(page, server, "#/quotes?speaker=Putin")
    link = page.locator("li.quote a.article-link").first
    link.click()
    page.wait_for_url("**/#/article/*")
    wait_route(page)
    assert quote["title"] in page.locator("h1").inner_text()
    marked = page.locator("article.source mark.sentence").all_inner_texts()
    assert len(marked) == 1 and quote["text"][:40] in marked[0]
    # the original page is still one click away, outside the app
    if quote["url"]:
        assert page.locator("article.source a[target=_blank]").get_attribute("href") == quote["url"]
    assert "2017" in page.locator("article.source .meta").inner_text()
    shot(page, "article")


def test_reports_on_one_point_stay_a_cluster_at_every_zoom(page: Any, server: str) -> None:
    on_idlib = [
        f
        for f in api(server, "/api/events.geojson?text=Idlib&status=all")["features"]
        if f["properties"]["place"] == "Idlib"
    ]
    assert len({tuple(f["geometry"]["coordinates"]) for f in on_idlib}) == 1 and len(on_idlib) > 2
    open_route(page, server, "#/?text=Idlib&status=all&view=reports")
    # zoom in as far as the map goes, on the biggest cluster (what lies near Idlib splits off)
    for _ in range(8):
        page.wait_for_selector(".marker-cluster", state="attached")
        cluster = max(page.locator(".marker-cluster").all(), key=lambda c: int(c.inner_text()))
        box = cluster.bounding_box()
        assert box, "the reports on one point are one cluster, counted"
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(300)
        if "leaflet-disabled" in (page.locator(".leaflet-control-zoom-in").get_attribute("class") or ""):
            break
    assert "leaflet-disabled" in (page.locator(".leaflet-control-zoom-in").get_attribute("class") or "")
    # at the deepest zoom they are still one cluster of them all, not circles stacked unseen
    cluster = page.locator(".marker-cluster", has_text=str(len(on_idlib)))
    assert cluster.count() == 1
    # and a click fans them out, one circle each
    cluster.click()
    page.wait_for_timeout(300)
    where = "paths => paths.map(p => p.getBoundingClientRect()).map(b => [Math.round(b.x), Math.round(b.y)])"
    spread = page.locator("path.event-marker").evaluate_all(where)
    assert len(spread) >= len(on_idlib) and len({tuple(p) for p in spread}) == len(spread)
    shot(page, "spread")


def test_the_alerts_page_says_what_fired_where_and_links_the_incident(page: Any, server: str) -> None:
    fired = api(server, "/api/alerts")["items"]
    assert sorted(a["kind"] for a in fired) == ["assault-fatal", "assault-fatal", "weekly-rise"]
    open_route(page, server, "#/alerts")
    items = page.locator("ol.alerts li.alert")
    assert items.count() == 3
    assert "of 3, newest first" in page.locator(".alert-results .count").inner_text()
    text = page.locator("ol.alerts").inner_text()
    assert "Deadly assault" in text and "Weekly rise in violations" in text and "2017-W19" in text
    assert "webhook http://127.0.0.1/…: failed" in text and "tried again at the next check" in text
    assert "Rule 1 (assault-fatal)" in page.locator("ul.rules").inner_text()
    shot(page, "alerts")
    deadly = next(a for a in fired if a["kind"] == "assault-fatal")
    page.locator(f'li.alert[data-alert="{deadly["id"]}"] a.incident-link').click()
    page.wait_for_url(f"**/#/incident/{deadly['incident_id']}")
    wait_route(page)
    assert page.locator("h1").count() == 1


def test_a_recipient_without_an_actor_never_reads_as_the_actor(page: Any, server: str) -> None:
    """ "Eleven civilians were killed in the shelling": the text names whom, not who. The list
    keeps the arrow so the civilians do not read as the ones who shelled."""
    article = {
        "title": "Shelling kills eleven in Saraqib",
        "text": "Eleven civilians were killed in the shelling of the town of Saraqib on Friday.",
        "url": "https://example.org/recipient-only",
        "source": "written for the test",
        "published": "2017-06-24",
    }
    api(server, "/api/articles", article)
    incidents = api(server, "/api/incidents?since=2017-06-23&until=2017-06-23&type=ASSAULT")["items"]
    row = next(r for r in incidents if "Saraqib" in (r["sentence"] or ""))
    assert row["recipients"] and not row["actors"], row
    open_route(page, server, "#/?since=2017-06-23&until=2017-06-23&type=ASSAULT")
    cells = page.locator("table.incidents tr:has-text('Saraqib') td").all_inner_texts()
    assert f"– → {row['recipients'][0]}" in cells, cells
