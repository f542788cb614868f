"""A sweep of what each demo user meets: every page reachable from the navigation and from
the pages' own links, on a phone and on a desktop, checked for what a reader would notice.

Failures are collected and reported once, as a list of (role, width, language, address,
problem). The interface-language check reads the translation catalogues rather than a
hand-kept list of words.
"""

import os
import re
import time
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

import polib
import pytest
from django.conf import settings
from django.urls import Resolver404, resolve

from conftest import make_unit
from qualitymonth.demo.loader import DEMO_PASSWORD, load_all
from qualitymonth.organizations.models import Membership, MembershipLevel, UnitKind, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
ROLES = [
    "anonymous",
    "citizen",
    "secretariat",
    "huangpu-admin",
    "baoshan-reporter",
    "sgm-admin",
    "reviewer",
    "inspector-1",
    "huangpu-amr-staff",
]
# Every page is read in Simplified Chinese on the phone; on the desktop each kind of page is
# read once, in English and in Traditional Chinese by turns, so all three languages are seen.
DESKTOP_LANGUAGES = ("en", "zh-hant")
# Pages each role reads in the browser, and pages of kinds already read that it only searches
# for links; both breadth first.
PAGES_PER_ROLE = int(os.environ.get("SWEEP_PAGES", "40"))
LINK_PAGES_PER_ROLE = 15
ADMIN_PAGES_PER_ROLE = 3
DOWNLOADS_PER_ROLE = 8
DOWNLOAD = re.compile(r"\.(xlsx|xls|docx|pdf|ics|csv|zip|json|svg|png|jpe?g)$|/export", re.I)
# Not pages a reader browses: signing out, the language switch (a POST), machine APIs.
SKIP = re.compile(r"^/(accounts/logout|i18n/|admin/logout|api/(?!docs)|open311/|healthz|readyz)")
LEFT_IN_CODE = ("['", "{{", "{%", "<bound method", "object at 0x", "&amp;", "&lt;", "&quot;")
CJK = re.compile(r"[\u3400-\u9fff]")
# Data that happens to equal an interface string, with the reason it is not one.
NOT_INTERFACE = {
    "市民",  # how a demo signer of the commitment wall named their unit, in their own words
}

# Everything the page tells the sweep, gathered in the page in one call.
INSPECT = (Path(__file__).parent / "sweep_inspect.js").read_text(encoding="utf-8")
# Chromium reports a blocked resource as a console error as well; this records the event.
CSP_LISTENER = (
    "window.__cspViolations = [];"
    "document.addEventListener('securitypolicyviolation', (event) => {"
    "  window.__cspViolations.push(event.violatedDirective + ' blocked '"
    "    + (event.blockedURI || 'inline code'));"
    "});"
)


class Catalogue:
    """What the zh_Hans and zh_Hant catalogues say an interface string is in each language."""

    def __init__(self):
        root = Path(settings.LOCALE_PATHS[0])
        hans = polib.pofile(str(root / "zh_Hans" / "LC_MESSAGES" / "django.po"))
        hant = polib.pofile(str(root / "zh_Hant" / "LC_MESSAGES" / "django.po"))
        traditional = {(e.msgctxt, e.msgid): e.msgstr for e in hant if not e.obsolete}
        self.english, self.chinese, self.simplified_only = set(), set(), set()
        self.not_interface = NOT_INTERFACE | set(User.objects.values_list("username", flat=True))
        for entry in hans:
            if entry.obsolete or entry.fuzzy:
                continue
            pairs = [(entry.msgid, entry.msgstr)]
            if entry.msgid_plural:
                pairs = [(entry.msgid, entry.msgstr_plural.get(0, ""))]
                pairs.append((entry.msgid_plural, entry.msgstr_plural.get(0, "")))
            for msgid, msgstr in pairs:
                if not msgstr or msgstr == msgid or "%" in msgid or "{" in msgid:
                    continue
                # A word of three letters at least: "QR", "ID" or "5/h" say nothing of a language.
                if re.search(r"[A-Za-z]{3}", msgid):
                    self.english.add(msgid)
                if CJK.search(msgstr):
                    self.chinese.add(msgstr)
                    hant_text = traditional.get((entry.msgctxt, entry.msgid))
                    if hant_text and hant_text != msgstr:
                        self.simplified_only.add(msgstr)

    def wrong_language(self, language: str, texts: list[str]) -> list[str]:
        # User names ("reviewer", "citizen") are identifiers, not words of the interface.
        texts, found = set(texts) - self.not_interface, []
        page = {"zh-hans": "Simplified-Chinese", "zh-hant": "Traditional-Chinese"}.get(language)
        if page:
            english = sorted(texts & self.english)
            if english:
                found.append(f"English interface text on a {page} page: {english[:6]}")
        if language == "zh-hant":
            simplified = sorted(texts & self.simplified_only)
            if simplified:
                found.append(f"Simplified interface text on a {page} page: {simplified[:6]}")
        if language == "en":
            chinese = sorted(texts & self.chinese)
            if chinese:
                found.append(f"Chinese interface text on an English page: {chinese[:6]}")
        return found


class LinkCollector(HTMLParser):
    def __init__(self, base: str):
        super().__init__()
        self.base, self.links = base, []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(
                {
                    "href": urljoin(self.base, attributes["href"]),
                    "download": "download" in attributes,
                }
            )


def described(message) -> str:
    """A console message with the address it concerns (a resource that failed, a script)."""
    where = message.location.get("url", "")
    return f"{message.text} ({where})" if where else message.text


def shape_of(path: str, query: str) -> str:
    """One page per URL pattern and set of query parameters: /events/<int:pk>/ ?page."""
    try:
        route = resolve(path).route
    except Resolver404:
        route = path
    keys = sorted({key for key, _value in parse_qsl(query, keep_blank_values=True)})
    return f"{route}?{'&'.join(keys)}"


def section_of(path: str) -> str:
    return path.strip("/").split("/")[0]


class Sweep:
    def __init__(self, browser, base_url: str):
        self.browser, self.base = browser, base_url
        self.origin = urlsplit(base_url).netloc
        self.catalogue = Catalogue()
        self.findings: dict[tuple, list[str]] = {}  # (problem, address, width, language): roles
        self.visited = 0
        self.swept: set[str] = set()  # kinds of page some role has read on the phone
        self.swept_desktop: set[str] = set()  # kinds of page read on the desktop
        self.timing = {"open": 0.0, "inspect": 0.0, "judge": 0.0, "links": 0.0}
        self.pages: list[str] = []  # what each role opened, printed with SWEEP_LIST=1

    def report(self, role, width, language, url, problem):
        path = url.replace(self.base, "") or "/"
        self.findings.setdefault((path, width, language, problem), []).append(role)

    def summary(self) -> str:
        """One line per problem: where, at which width and language, for which roles."""
        return "\n".join(
            f"{path} · {width}px · {language} — {problem} [{', '.join(roles)}]"
            for (path, width, language, problem), roles in sorted(self.findings.items())
        )

    def context(self, viewport, language, state=None):
        context = self.browser.new_context(
            viewport=viewport,
            is_mobile=viewport["width"] < 500,
            has_touch=viewport["width"] < 500,
            storage_state=state,
            locale="zh-CN",
        )
        context.add_cookies([{"name": "qm_language", "value": language, "url": self.base}])
        context.add_init_script(CSP_LISTENER)
        return context

    def sign_in(self, role):
        context = self.context(PHONE, "zh-hans")
        if role != "anonymous":
            page = context.new_page()
            page.goto(f"{self.base}/accounts/login/")
            page.fill("#id_username", role)
            page.fill("#id_password", DEMO_PASSWORD)
            with page.expect_navigation():
                page.locator("main button[type=submit]").click()
            assert page.locator("[data-testid=profile-link]").count() == 1, f"{role} cannot sign in"
            page.close()
        return context

    def follow(self, href, source_path):
        """The absolute address to visit for a link, or None when it is not one to follow."""
        parts = urlsplit(href)
        if parts.scheme not in ("http", "https") or parts.netloc != self.origin:
            return None
        if SKIP.match(parts.path):
            return None
        return parts._replace(fragment="").geturl()

    def check_page(self, page, role, width, language, url, problems, crawl):
        """Visit one page; report what is wrong; return the links on it."""
        problems.clear()
        started = time.monotonic()
        try:
            response = page.goto(url, wait_until="load", timeout=20_000)
            self.timing["open"] += time.monotonic() - started
        except Exception as error:  # a download, a timeout: say which
            self.report(role, width, language, url, f"did not open: {str(error).splitlines()[0]}")
            return []
        self.visited += 1
        status = response.status if response else 0
        if status >= 500:
            self.report(role, width, language, url, f"answered {status}")
            return []
        if status in (403, 404):
            self.report(role, width, language, url, f"a link leads to a {status} page")
        if "text/html" not in (response.headers.get("content-type", "") if response else ""):
            return []
        inspecting = time.monotonic()
        try:
            seen = page.evaluate(INSPECT, width if width < 500 else 0)
            self.timing["inspect"] += time.monotonic() - inspecting
        except Exception as error:
            self.report(role, width, language, url, f"could not be inspected: {error}")
            return []
        for message in problems:
            if status >= 400 and message.endswith(f"({url})"):
                continue  # the page's own status, said above
            self.report(role, width, language, url, f"console error: {message[:260]}")
        for violation in seen["csp"]:
            self.report(role, width, language, url, f"CSP violation: {violation[:160]}")
        for inline in sorted(set(seen["inline"])):
            self.report(role, width, language, url, f"{inline}, which the CSP blocks")
        for source in seen["brokenImages"]:
            self.report(role, width, language, url, f"image does not load: {source}")
        judging = time.monotonic()
        if width < 500 and seen["mainTop"] > PHONE["height"] / 2:
            self.report(
                role,
                width,
                language,
                url,
                f"the content starts {seen['mainTop']} px down a phone screen (the menu fills it)",
            )
        if width < 500 and seen["scrollWidth"] > width + 1:
            self.report(
                role,
                width,
                language,
                url,
                f"page is {seen['scrollWidth']} px wide on a {width} px phone: "
                f"{seen['overflow'] or 'no single element found'}",
            )
        for marker in LEFT_IN_CODE:
            if marker in seen["visible"]:
                at = seen["visible"].index(marker)
                snippet = seen["visible"][max(0, at - 30) : at + 40].replace("\n", " ")
                self.report(role, width, language, url, f"code left in the text: “{snippet}”")
        for cell in seen["cells"]:
            self.report(role, width, language, url, f"“None” shown in a table: “{cell}”")
        for problem in self.catalogue.wrong_language(language, seen["texts"]):
            self.report(role, width, language, url, problem)
        self.timing["judge"] += time.monotonic() - judging
        if time.monotonic() - started > 8:
            self.report(role, width, language, url, "took over 8 s to open")
        return seen["links"] if crawl else []

    def links_of(self, context, url) -> list[dict]:
        """The links on a page, read from its HTML without rendering it."""
        answer = context.request.get(url, max_redirects=3, timeout=30_000)
        if answer.status >= 500:
            return []  # the role that reads it in the browser reports it
        if "text/html" not in answer.headers.get("content-type", ""):
            return []
        collector = LinkCollector(answer.url)
        collector.feed(answer.text())
        return collector.links

    def sweep_role(self, role):
        phone = self.sign_in(role)
        desktop = self.context(DESKTOP, DESKTOP_LANGUAGES[0], state=phone.storage_state())
        pages = []
        for context in (phone, desktop):
            page = context.new_page()
            problems: list[str] = []
            page.on("console", lambda m, p=problems: m.type == "error" and p.append(described(m)))
            page.on("pageerror", lambda e, p=problems: p.append(f"script error: {e}"))
            pages.append((page, problems))
        (phone_page, phone_problems), (desktop_page, desktop_problems) = pages

        # Breadth first, taking the sections in turn so that each is reached in some depth.
        # A kind of page an earlier role has read is only searched for links (a role's own
        # pages are often linked from the shared ones), and comes after the unread kinds.
        fresh: dict[str, deque] = {"": deque([(f"{self.base}/", shape_of("/", ""))])}
        stale: dict[str, deque] = {}
        shapes, downloads, admin_pages, checked, searched = {shape_of("/", "")}, [], 0, 0, 0

        def next_page():
            tiers = (fresh, stale) if searched < LINK_PAGES_PER_ROLE else (fresh,)
            for queues in tiers:
                for section in list(queues):
                    if queues[section]:
                        queues[section] = queues.pop(section)  # to the back of the turn
                        return queues[section].popleft()
            return None

        while checked < PAGES_PER_ROLE and (item := next_page()) is not None:
            url, shape = item
            self.pages.append(f"{role} {url.replace(self.base, '')}")
            if shape in self.swept:
                searched += 1
                started = time.monotonic()
                links = self.links_of(phone, url)
                self.timing["links"] += time.monotonic() - started
            else:
                checked += 1
                self.swept.add(shape)
                links = self.check_page(
                    phone_page, role, PHONE["width"], "zh-hans", url, phone_problems, crawl=True
                )
            if shape not in self.swept_desktop:
                self.swept_desktop.add(shape)
                language = DESKTOP_LANGUAGES[len(self.swept_desktop) % len(DESKTOP_LANGUAGES)]
                desktop.add_cookies([{"name": "qm_language", "value": language, "url": self.base}])
                self.check_page(
                    desktop_page, role, DESKTOP["width"], language, url, desktop_problems, False
                )
            for link in links:
                target = self.follow(link["href"], url)
                if target is None:
                    continue
                parts = urlsplit(target)
                shape = shape_of(parts.path, parts.query)
                if shape in shapes:
                    continue
                shapes.add(shape)
                if link["download"] or DOWNLOAD.search(parts.path):
                    downloads.append(target)
                    continue
                if parts.path.startswith("/admin/") and parts.path != "/admin/":
                    if admin_pages >= ADMIN_PAGES_PER_ROLE:
                        continue
                    admin_pages += 1
                tier = stale if shape in self.swept else fresh
                tier.setdefault(section_of(parts.path), deque()).append((target, shape))
        # Files are not rendered; each kind is asked for once to see that it is served.
        for url in downloads[:DOWNLOADS_PER_ROLE]:
            answer = phone.request.get(url, max_redirects=3, timeout=30_000)
            if answer.status >= 500:
                self.report(role, "-", "zh-hans", url, f"download answered {answer.status}")
        phone.close()
        desktop.close()


def answer_questions(event) -> dict:
    """An answer to each of the organiser's questions, as a registrant would give."""
    answers = {}
    for question in event.questions.all():
        if question.kind == "choice":
            answers[f"q{question.pk}"] = question.choice_list()[0]
        elif question.kind == "yes_no":
            answers[f"q{question.pk}"] = "yes"
        else:
            answers[f"q{question.pk}"] = "数字化"
    return answers


def register_the_citizen():
    """The demo citizen has a ticket for the upcoming lecture, as on the day they register."""
    from qualitymonth.events.models import Event
    from qualitymonth.events.services.registration import register

    lecture = Event.objects.get(title__startswith="质量大讲堂：数字化转型")
    register(
        actor=User.objects.get(username="citizen"),
        event=lecture,
        name="演示市民",
        phone="13700001111",
        answers=answer_questions(lecture),
        notify=False,
    )


def test_every_page_each_demo_user_reaches_reads_well_on_a_phone_and_a_desktop(
    live_server, browser
):
    load_all()
    register_the_citizen()
    sweep = Sweep(browser, live_server.url)
    started = time.monotonic()
    roles = os.environ.get("SWEEP_ROLES", ",".join(ROLES)).split(",")  # to sweep a few
    for role in roles:
        sweep.sweep_role(role)
    elapsed = time.monotonic() - started
    if os.environ.get("SWEEP_LIST"):
        print("\n".join(sweep.pages))
    spent = ", ".join(f"{k} {v:.0f} s" for k, v in sweep.timing.items())
    print(f"\nsweep: {sweep.visited} page views, {len(roles)} roles, {elapsed:.0f} s ({spent})")
    assert not sweep.findings, f"{len(sweep.findings)} problems found:\n{sweep.summary()}"


def test_the_phone_menu_is_folded_and_opens(live_server, browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    main_top = page.evaluate("document.querySelector('main').getBoundingClientRect().top")
    assert main_top < 200, f"the page's content starts {main_top:.0f} px down a phone screen"
    units = page.locator("[data-nav=units]")
    assert not units.is_visible()
    page.get_by_test_id("menu-toggle").click()
    assert units.is_visible()
    # And with the keyboard alone: Escape folds it, Enter on the button opens it again.
    page.keyboard.press("Escape")
    assert not units.is_visible()
    page.keyboard.press("Enter")
    assert units.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.nav") == "campaigns"
    context.close()


def test_the_whole_menu_shows_on_a_desktop(live_server, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    assert not page.get_by_test_id("menu-toggle").is_visible()
    assert page.locator("[data-nav=units]").is_visible()
    assert page.locator("#language-select").is_visible()
    context.close()


# Each header's lines, counted from where its text's boxes start.
HEADER_LINES = """
[...document.querySelectorAll("th")].map((th) => {
  const range = document.createRange();
  range.selectNodeContents(th);
  const tops = new Set([...range.getClientRects()].map((box) => Math.round(box.top)));
  return [th.innerText.trim(), tops.size];
})
"""


def test_chinese_table_headers_keep_their_words_on_a_phone(live_server, browser):
    association = make_unit(kind=UnitKind.ASSOCIATION, name="上海市质量协会")
    district = make_unit(kind=UnitKind.DISTRICT, name="上海市浦东新区张江高科技园区管理委员会")
    for n in range(3):
        unit = make_unit(name=f"上海张江高科技园区第{n}号质量技术服务有限责任公司", parent=district)
        Membership.objects.create(association=association, unit=unit, level=MembershipLevel.COUNCIL)
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/units/")
    headers = dict(page.evaluate(HEADER_LINES))
    overflow = page.evaluate("document.documentElement.scrollWidth - 390")
    context.close()
    # 会员身份 on one line, not 会员 / 身份 (or one character per line on narrower tables);
    # a header with spaces may still wrap at them.
    assert {name: lines for name, lines in headers.items() if " " not in name} == {
        "名称": 1,
        "类型": 1,
        "会员身份": 1,
    }
    assert overflow <= 0
