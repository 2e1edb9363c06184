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
PACKAGES = "chromium chromium-driver python3-selenium (apt-get install -y chromium chromium-driver python3-selenium)"
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
        h1 = re.search(r"<h1>(.*?)</h1>", page.read_text(encoding="utf-8")).group(1)
        unit = next(k for k, u in units.items() if u["name"] == h1 or h1.startswith(u["name"]))
        seen.add(unit)
        table = next(t for t in p.tables if t["class"] == "partnerships") if engaged[unit] else None
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
