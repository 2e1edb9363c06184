"""atlas --html: the web atlas of the default book (shapefiles/book.yaml), read back as
files and HTML, then opened in a real headless browser (Debian's chromium driven by
chromedriver through Selenium) to hover and focus map features and read their tooltips.

Expected values come from the atlas files: the partnership table (partnerships.csv)
read with the csv module, and the Moroccan regions of 2009 as test_book.py finds them."""
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from atlas_tables import atlas_tables
from conftest import DATA, read_csv, run, with_data

atlas = atlas_tables()
PACKAGES = "chromium chromium-driver python3-selenium python3-pil " \
           "(apt-get install -y chromium chromium-driver python3-selenium python3-pil)"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("web") / "site"
    run(*with_data("atlas", DATA / "book.yaml", "--html", out))
    return out


class page_parser(HTMLParser):
    """Links, ids and element structure of a page; unbalanced tags are recorded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.links, self.features, self.tables = [], [], [], [], []
        self.row, self.cell, self.text = None, None, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("href", "src"):
            if key in a and tag not in ("use",):
                self.links.append(a[key])
        if "data-id" in a:
            self.features.append(a)
        if tag == "table":
            self.tables.append({"class": a.get("class", ""), "rows": []})
        elif tag == "tr" and self.tables:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()
        if tag in ("td", "th") and self.cell is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[-1]["rows"].append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        self.text.append(data)


def parse(path):
    p = page_parser()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    assert not p.errors, f"{path.name}: {p.errors[:5]}"
    assert not p.stack, f"{path.name}: unclosed {p.stack}"
    return p


def test_the_site_holds_an_index_the_maps_the_unit_pages_a_script_and_a_style(site):
    units, _ = atlas.engaged_units("region", "2009", "MA")
    maps = sorted((DATA / "maps").glob("*.yaml"))
    names = {p.name for p in site.iterdir()}
    assert {"index.html", "atlas.js", "atlas.css"} <= names
    assert len([n for n in names if re.fullmatch(r"map-\d{2}\.html", n)]) == len(maps)
    assert len([n for n in names if re.fullmatch(r"unit-\d{3}\.html", n)]) == len(units)
    # the temporary build folder was renamed away
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".site.")]


def test_every_page_parses_and_every_link_resolves_inside_the_site(site):
    pages = sorted(site.glob("*.html"))
    index = parse(site / "index.html")
    linked = {l for l in index.links if l.endswith(".html")} - {"index.html"}
    assert linked == {p.name for p in pages} - {"index.html"}, "the index links every map and unit page"
    for page in pages:
        p = parse(page)
        assert "atlas.js" in p.links and "atlas.css" in p.links
        for link in p.links:
            url = urlparse(link)
            assert not url.scheme and not url.netloc, f"{page.name} reaches out to {link}"
            if url.path:
                assert (site / unquote(url.path)).is_file(), f"{page.name}: {link} does not resolve"
    js = (site / "atlas.js").read_text()
    assert "http:" not in js and "https:" not in js and "import " not in js


def test_map_features_carry_their_partnerships_and_are_focusable(site):
    rows = {r["id"]: r for r in read_csv(DATA / "partnerships.csv")}
    for page in sorted(site.glob("map-*.html")):
        p = parse(page)
        assert p.features, f"{page.name} has no interactive feature"
        for f in p.features:
            assert f.get("tabindex") == "0" and f.get("data-name"), f
            listed = re.findall(r'"id":"([^"]+)"', f["data-partnerships"])
            assert len(listed) == int(f["data-count"])
            for pid in listed:
                assert pid in rows and rows[pid]["source"] in f["data-partnerships"]


def test_unit_pages_list_the_partnerships_of_their_region_in_an_html_table(site):
    units, engaged = atlas.engaged_units("region", "2009", "MA")
    seen = set()
    for page in sorted(site.glob("unit-*.html")):
        p = parse(page)
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8")).group(1)
        unit = next(k for k, u in units.items() if u["name"] == h1 or h1.startswith(u["name"]))
        seen.add(unit)
        table = next(t for t in p.tables if "partnerships" in t["class"].split()) if engaged[unit] else None
        if table is None:
            assert "No partnership" in "".join(p.text)
            continue
        head, *body = table["rows"]
        assert head == ["Id", "Partner", "Kind", "Year", "Themes", "Source"]
        assert {r[0] for r in body} == engaged[unit], units[unit]["name"]
        sources = {r["id"]: r["source"] for r in atlas.partnerships}
        assert all(r[5] == sources[r[0]] for r in body)
    assert seen == set(units)


def test_an_existing_folder_that_is_no_site_is_refused(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    r = run(*with_data("atlas", DATA / "book.yaml", "--html", folder), status=1)
    assert "no web atlas" in r.stderr
    assert (folder / "notes.txt").read_text() == "keep me"


def test_a_folder_holding_an_input_is_refused():
    before = sorted(p.name for p in (DATA / "maps").iterdir())
    r = run(*with_data("atlas", DATA / "book.yaml", "--html", DATA / "maps"), status=1)
    assert "holds the input" in r.stderr
    assert sorted(p.name for p in (DATA / "maps").iterdir()) == before


def test_a_folder_name_the_system_cannot_hold_is_bad_input_not_a_defect(tmp_path):
    """A name component over 255 bytes (NAME_MAX): the system refuses it, which is the
    user's input to fix (exit 1), never coopatlas's own failure (exit 3)."""
    folder = tmp_path / ("x" * 300) / "site"
    r = run(*with_data("atlas", DATA / "book.yaml", "--html", folder), status=1)
    assert "web atlas folder" in r.stderr and "too long" in r.stderr.lower(), r.stderr
    assert not any(tmp_path.iterdir())


def test_a_site_is_replaced_whole(tmp_path, site):
    out = tmp_path / "again"
    shutil.copytree(site, out)
    (out / "stale.html").write_text("old")
    run(*with_data("atlas", DATA / "book.yaml", "--html", out))
    assert not (out / "stale.html").exists() and (out / "index.html").is_file()


# --- in a real browser --------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail(f"Selenium is missing: install the Debian packages {PACKAGES}")
    binary = shutil.which("chromium") or "/usr/bin/chromium"
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if not Path(binary).is_file() or not Path(driver_path).is_file():
        pytest.fail(f"chromium or chromedriver is missing: install the Debian packages {PACKAGES}")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--disable-gpu", "--no-first-run"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    yield driver
    driver.quit()


def a_partnership_with_a_source():
    """A two-sided partnership of the table with a Moroccan party, its partner and source."""
    for row in read_csv(DATA / "partnerships.csv"):
        if row["kind"] == "decentralised_cooperation" and row["party_a_id"].startswith("MA:") \
                and row["party_b_id"] and row["party_b"] and row["source"]:
            return row
    pytest.fail("partnerships.csv holds no two-sided partnership with a source")


def page_showing(site, entity_id):
    for page in sorted(site.glob("map-*.html")):
        if f'data-id="{entity_id}"' in page.read_text(encoding="utf-8"):
            return page
    pytest.fail(f"no map page draws {entity_id}")


def console_errors(driver):
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


# A point of the feature where the feature itself is the topmost thing (not a flow or a
# neighbour drawn over it), as an offset from its centre, for the pointer.
FREE_POINT = """
const el = arguments[0];
el.scrollIntoView({block: 'center', inline: 'center'});
const r = el.getBoundingClientRect();
const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
for (let n = 0; n <= 8; n++)
  for (let i = 0; i <= n; i++)
    for (const [sx, sy] of [[1, 1], [-1, 1], [1, -1], [-1, -1]]) {
      const x = cx + sx * i * r.width / 16, y = cy + sy * (n - i) * r.height / 16;
      const hit = document.elementFromPoint(x, y);
      if (hit && hit.closest('[data-id]') === el) return [Math.round(x - cx), Math.round(y - cy)];
    }
return null;
"""


def test_hovering_a_feature_shows_its_partnerships_and_sources(site, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    row = a_partnership_with_a_source()
    page = page_showing(site, row["party_a_id"])
    browser.get(page.as_uri())
    console_errors(browser)  # empties the log of the page load, checked below
    tip = browser.find_element(By.ID, "tooltip")
    assert not tip.is_displayed(), "the tooltip waits for a feature"
    feature = browser.find_element(By.CSS_SELECTOR, f'[data-id="{row["party_a_id"]}"]')
    offset = browser.execute_script(FREE_POINT, feature)
    assert offset is not None, f"{row['party_a_id']} is covered everywhere on {page.name}"
    ActionChains(browser).move_to_element_with_offset(feature, *offset).perform()
    WebDriverWait(browser, 5).until(lambda d: tip.is_displayed())
    text = tip.text
    assert row["party_b"] in text, text
    assert row["source"] in text, text
    assert row["id"] in text, text
    # leaving the feature hides the tooltip
    ActionChains(browser).move_to_element(browser.find_element(By.TAG_NAME, "h1")).perform()
    WebDriverWait(browser, 5).until(lambda d: not tip.is_displayed())
    assert console_errors(browser) == []


def test_the_keyboard_reaches_features_and_shows_the_same_tooltip(site, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    row = a_partnership_with_a_source()
    page = page_showing(site, row["party_a_id"])
    browser.get(page.as_uri())
    tip = browser.find_element(By.ID, "tooltip")
    # Tab from the top of the page: past the navigation links, onto the first feature.
    active = None
    for _ in range(10):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        active = browser.switch_to.active_element
        if active.get_attribute("data-id"):
            break
    assert active is not None and active.get_attribute("data-id"), "Tab never reaches a map feature"
    WebDriverWait(browser, 5).until(lambda d: tip.is_displayed())
    assert active.get_attribute("data-name") in tip.text
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    WebDriverWait(browser, 5).until(lambda d: not tip.is_displayed())
    # The feature with the known partnership, focused: its partner and source are read out.
    feature = browser.find_element(By.CSS_SELECTOR, f'[data-id="{row["party_a_id"]}"]')
    browser.execute_script("arguments[0].focus()", feature)
    WebDriverWait(browser, 5).until(lambda d: tip.is_displayed())
    assert row["party_b"] in tip.text and row["source"] in tip.text, tip.text
    assert feature.get_attribute("aria-describedby") == "tooltip"
    # Tab moves on to the next feature and its tooltip
    ActionChains(browser).send_keys(Keys.TAB).perform()
    nxt = browser.switch_to.active_element
    assert nxt.get_attribute("data-id") and nxt.get_attribute("data-id") != row["party_a_id"]
    WebDriverWait(browser, 5).until(lambda d: nxt.get_attribute("data-name") in tip.text)
    assert console_errors(browser) == []


def test_unit_pages_open_without_script_errors(site, browser):
    from selenium.webdriver.common.by import By

    for page in sorted(site.glob("unit-*.html"))[:3] + [site / "index.html"]:
        browser.get(page.as_uri())
        assert browser.find_element(By.TAG_NAME, "h1").text
        assert console_errors(browser) == [], page.name


# --- sortable tables, names in other languages, phone width, the map against its PNG ------


def partnership_counts():
    """Entity id -> partnerships of the atlas that engage it or a unit inside it, from
    partnerships.csv and the parent_ids of the data files (what the tooltips count)."""
    counts = {}
    for row in atlas.partnerships:
        engaged = set()
        for party in (row["party_a_id"], row["party_b_id"]):
            if party:
                engaged |= atlas.ancestors(party)
        for e in engaged:
            counts[e] = counts.get(e, 0) + 1
    return counts


def folded(name):
    """A collation key for the names of the data: accents and case set aside. The
    Moroccan region names differ at a letter before any punctuation, where this key and
    the browser's collation (ICU) agree; the test checks the keys are distinct."""
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c)).casefold()


TABLE_ROWS = "return Array.from(arguments[0].tBodies[0].rows).map(r => r.getAttribute('data-entity'))"


def test_a_map_table_sorts_by_a_header_numbers_as_numbers_text_by_collation(site, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    regions, _ = atlas.engaged_units("region", "2009", "MA")
    counts = partnership_counts()
    page = next((p for p in sorted(site.glob("map-*.html"))
                 if set(re.findall(r'<tr data-entity="([^"]+)"', p.read_text(encoding="utf-8"))) == set(regions)), None)
    assert page, "no map page's table lists the Moroccan regions of 2009"
    browser.get(page.as_uri())
    table = browser.find_element(By.CSS_SELECTOR, "table.units.sortable")
    headers = table.find_elements(By.CSS_SELECTOR, "thead th")
    assert [h.text for h in headers] == ["Name", "Country", "Level", "Partnerships"]
    start = browser.execute_script(TABLE_ROWS, table)
    assert set(start) == set(regions), "the table lists the regions the map draws"

    # Partnerships: ascending, then descending; equal counts keep the page's order.
    headers[3].find_element(By.TAG_NAME, "button").click()
    assert headers[3].get_attribute("aria-sort") == "ascending"
    assert browser.execute_script(TABLE_ROWS, table) == sorted(start, key=lambda e: counts.get(e, 0))
    headers[3].find_element(By.TAG_NAME, "button").click()
    assert headers[3].get_attribute("aria-sort") == "descending"
    assert browser.execute_script(TABLE_ROWS, table) == sorted(start, key=lambda e: -counts.get(e, 0))
    # A numeric sort, not a text one: 11 is not between 1 and 2 (the data has counts of both widths).
    assert max(counts.get(e, 0) for e in start) >= 10

    # Name, by the keyboard: Enter on the header's button.
    keys = {e: folded(regions[e]["name"]) for e in start}
    assert len(set(keys.values())) == len(keys)
    button = headers[0].find_element(By.TAG_NAME, "button")
    button.send_keys(Keys.ENTER)
    assert headers[0].get_attribute("aria-sort") == "ascending"
    assert headers[3].get_attribute("aria-sort") is None, "one column sorts at a time"
    assert browser.execute_script(TABLE_ROWS, table) == sorted(start, key=keys.get)
    button.send_keys(Keys.ENTER)
    assert browser.execute_script(TABLE_ROWS, table) == sorted(start, key=keys.get, reverse=True)
    # each row still shows its own region and count
    for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr"):
        cells = [td.text for td in tr.find_elements(By.TAG_NAME, "td")]
        e = tr.get_attribute("data-entity")
        assert cells[0] == regions[e]["name"] and int(cells[3]) == counts.get(e, 0), cells
    assert console_errors(browser) == []


def test_a_unit_page_table_sorts_by_id_and_back(site, browser):
    from selenium.webdriver.common.by import By

    units, engaged = atlas.engaged_units("region", "2009", "MA")
    busiest = max(units, key=lambda u: len(engaged[u]))
    page = next(p for p in sorted(site.glob("unit-*.html")) if f'data-label-of="{busiest}"' in p.read_text(encoding="utf-8"))
    browser.get(page.as_uri())
    table = browser.find_element(By.CSS_SELECTOR, "table.partnerships.sortable")
    header = table.find_elements(By.CSS_SELECTOR, "thead th")[0]
    assert header.text == "Id"
    shown = "return Array.from(arguments[0].tBodies[0].rows).map(r => r.cells[0].textContent)"
    # ids are "P" and a number: the collation's numeric option orders them by it
    number = lambda i: int(i.lstrip("P"))
    header.find_element(By.TAG_NAME, "button").click()
    assert browser.execute_script(shown, table) == sorted(engaged[busiest], key=number)
    header.find_element(By.TAG_NAME, "button").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert browser.execute_script(shown, table) == sorted(engaged[busiest], key=number, reverse=True), page.name
    assert len(engaged[busiest]) >= 3


def arabic_names():
    """id -> name_ar of every unit of atlas.gpkg that has one, read with sqlite3."""
    import sqlite3
    con = sqlite3.connect(DATA / "atlas.gpkg")
    try:
        tables = [t for (t,) in con.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'")
                  if "name_ar" in {c[1] for c in con.execute(f'PRAGMA table_info("{t}")')}]
        return {i: n for t in tables for i, n in con.execute(f'SELECT id, name_ar FROM "{t}"') if n}
    finally:
        con.close()


def test_names_switch_to_arabic_right_to_left_and_back(site, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    ar = arabic_names()
    french = {k: u["name"] for k, u in atlas.units.items()}
    page = site / "map-06.html"  # labels in French only: the switch shows the Arabic names
    html = page.read_text(encoding="utf-8")
    labelled = re.findall(r'<text[^>]* data-label-of="([^"]+)"', html)
    unit = next((e for e in labelled if e in ar), None)
    assert unit, f"no label of {page.name} names a unit with an Arabic name in atlas.gpkg"
    plain = next((e for e in labelled if e in french and e not in ar), None)
    assert plain, f"every label of {page.name} has an Arabic name: nothing shows the fallback"

    browser.get(page.as_uri())
    label = browser.find_element(By.CSS_SELECTOR, f'text[data-label-of="{unit}"]')
    other = browser.find_element(By.CSS_SELECTOR, f'text[data-label-of="{plain}"]')
    assert french[unit] in label.get_attribute("textContent")
    Select(browser.find_element(By.ID, "language")).select_by_value("ar")
    root = browser.find_element(By.TAG_NAME, "html")
    assert root.get_attribute("dir") == "rtl" and root.get_attribute("lang") == "ar"
    assert ar[unit] in label.get_attribute("textContent")
    assert french[plain] in other.get_attribute("textContent"), "a unit without an Arabic name keeps its name"
    row = browser.find_element(By.CSS_SELECTOR, f'tr[data-entity="{unit}"] td')
    assert row.text == ar[unit], "the table names the unit in Arabic too"
    # the tooltip, by the keyboard
    feature = browser.find_element(By.CSS_SELECTOR, f'[data-id="{unit}"]')
    browser.execute_script("arguments[0].focus()", feature)
    tip = browser.find_element(By.ID, "tooltip")
    WebDriverWait(browser, 5).until(lambda d: tip.is_displayed())
    assert tip.find_element(By.CLASS_NAME, "name").text == ar[unit]

    # The choice follows to the next page.
    browser.find_element(By.CSS_SELECTOR, "a[rel=next]").click()
    WebDriverWait(browser, 5).until(lambda d: "map-07" in d.current_url)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
    assert Select(browser.find_element(By.ID, "language")).first_selected_option.get_attribute("value") == "ar"

    browser.get(page.as_uri())
    Select(browser.find_element(By.ID, "language")).select_by_value("fr")
    root = browser.find_element(By.TAG_NAME, "html")
    assert root.get_attribute("dir") == "ltr" and root.get_attribute("lang") == "en"
    label = browser.find_element(By.CSS_SELECTOR, f'text[data-label-of="{unit}"]')
    assert french[unit] in label.get_attribute("textContent") and ar[unit] not in label.get_attribute("textContent")
    assert console_errors(browser) == []


def test_a_french_and_arabic_label_keeps_its_two_lines_in_every_language(site, browser):
    """Map 01 labels Moroccan parties in French over Arabic: switching the names must not
    turn the French line into a second Arabic one."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    ar = arabic_names()
    french = {k: u["name"] for k, u in atlas.units.items()}
    page = site / "map-01.html"
    labelled = re.findall(r'<text[^>]* data-label-of="([^"]+)"', page.read_text(encoding="utf-8"))
    both = [e for e in labelled if e in ar and e in french]
    assert both, f"no label of {page.name} names a unit with an Arabic name in atlas.gpkg"
    browser.get(page.as_uri())
    for tag in ("ar", "en", "fr"):
        Select(browser.find_element(By.ID, "language")).select_by_value(tag)
        for unit in both:
            text = browser.find_element(By.CSS_SELECTOR, f'text[data-label-of="{unit}"]').get_attribute("textContent")
            assert text.count(ar[unit]) == 1 and french[unit] in text, (tag, unit, text)
    assert console_errors(browser) == []


def test_pages_fit_a_phone_width_and_wide_tables_scroll_in_their_box(site, browser):
    from selenium.webdriver.common.by import By

    size = browser.get_window_size()
    browser.set_window_size(375, 812)
    try:
        wide_tables = 0
        pages = [site / "index.html"] + sorted(site.glob("map-*.html")) + sorted(site.glob("unit-*.html"))[:4]
        for page in pages:
            browser.get(page.as_uri())
            inner, scroll = browser.execute_script(
                "return [window.innerWidth, document.documentElement.scrollWidth]")
            assert inner <= 400, f"the window is {inner} px wide, not a phone's"
            assert scroll <= inner, f"{page.name} scrolls sideways: {scroll} px of content in {inner}"
            for svg in browser.find_elements(By.CSS_SELECTOR, "figure.map svg"):
                assert svg.rect["width"] <= inner and svg.rect["x"] >= 0, f"{page.name}: map of {svg.rect}"
            for box in browser.find_elements(By.CSS_SELECTOR, ".table-scroll"):
                box_w, table_w = browser.execute_script(
                    "return [arguments[0].clientWidth, arguments[0].scrollWidth]", box)
                assert box_w <= inner
                wide_tables += table_w > box_w
        assert wide_tables, "no table is wider than a phone: the scrolling box was not exercised"
    finally:
        browser.set_window_size(size["width"], size["height"])


# The browser's drawing of a map's SVG against coopatlas's own PNG of the same spec, both
# scaled to the size the page shows. Measured on the default book's regions map
# (Chromium 156, Cairo/Pango PNG): mean absolute difference 2.1/255 per channel, every
# 16-px block within 10/255 in lightness; the differences are the edges of text (the
# browser places and hints glyphs its own way, and the credits set a few pixels
# longer) and antialiasing. Another map of the same frame (the demand map) scores
# 10-15/255 and 12 % of blocks beyond 24/255. The limits sit between the two.
MEAN_LIMIT = 5 / 255    # per channel, over the whole map
BLOCK = 16              # px: the structural check compares block means ...
BLOCK_LIMIT = 24 / 255  # ... each block's lightness within this


def test_the_browser_draws_a_map_as_its_png(site, browser, tmp_path):
    import io

    from selenium.webdriver.common.by import By
    try:
        from PIL import Image, ImageChops, ImageStat
    except ImportError:
        pytest.fail(f"PIL is missing: install the Debian packages {PACKAGES}")

    spec = DATA / "maps" / "02_coverage_regions.yaml"
    png = tmp_path / "map.png"
    run(*with_data("render", spec, "-o", png))
    page = site / "map-02.html"
    assert "Decentralised cooperation across Morocco's regions" in page.read_text(encoding="utf-8")

    size = browser.get_window_size()
    browser.set_window_size(1400, 1400)  # the whole map within the window
    try:
        browser.get(page.as_uri())
        svg = browser.find_element(By.CSS_SELECTOR, "figure.map svg")
        browser.execute_script("arguments[0].scrollIntoView()", svg)
        border = browser.execute_script("return [arguments[0].clientLeft, arguments[0].clientTop, "
                                        "arguments[0].clientWidth, arguments[0].clientHeight, devicePixelRatio]", svg)
        shot = Image.open(io.BytesIO(svg.screenshot_as_png)).convert("RGB")
    finally:
        browser.set_window_size(size["width"], size["height"])
    left, top, width, height, ratio = border
    assert ratio == 1
    shot = shot.crop((left, top, left + width, top + height))  # the map without the page's frame
    reference = Image.open(png).convert("RGB")
    assert abs(reference.width / reference.height - shot.width / shot.height) < 0.01, (reference.size, shot.size)
    reference = reference.resize(shot.size, Image.LANCZOS)

    diff = ImageChops.difference(shot, reference)
    mean = [m / 255 for m in ImageStat.Stat(diff).mean]
    blocks = (shot.width // BLOCK, shot.height // BLOCK)
    coarse = ImageChops.difference(shot.resize(blocks, Image.BOX).convert("L"),
                                   reference.resize(blocks, Image.BOX).convert("L"))
    worst = coarse.getextrema()[1] / 255
    if max(mean) >= MEAN_LIMIT or worst > BLOCK_LIMIT:
        out = tmp_path / "browser-vs-png"
        out.mkdir()
        shot.save(out / "browser.png")
        reference.save(out / "png-scaled.png")
        diff.point(lambda v: min(255, 4 * v)).save(out / "diff.png")  # differences x4
        pytest.fail(f"{page.name} in the browser differs from {spec.name} as PNG: mean difference "
                    f"{[round(m * 255, 1) for m in mean]}/255 per channel (limit {MEAN_LIMIT * 255:.0f}), worst "
                    f"{BLOCK}-px block {worst * 255:.0f}/255 (limit {BLOCK_LIMIT * 255:.0f}); images and the diff "
                    f"in {out}: {out / 'diff.png'}")
