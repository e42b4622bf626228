"""Checks in real headless Chromium (Playwright): axe-core accessibility rules at a phone and a desktop size,
JavaScript errors, failed requests, and requests to any other host (blocked, then reported)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .findings import Finding
from .site import page_url

# Flags that keep Chromium from reaching the internet by itself, and let it run as root in CI.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--log-level=3"]

AXE_RUN = """async (options) => {
  const result = await axe.run(document, options);
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '), summary: n.failureSummary || ''})),
    count: v.nodes.length,
  }));
}"""


# How to fix the rules pages break most often, in this project's terms; the axe help page has the rest.
AXE_FIXES = {
    "color-contrast": "Darken the text or lighten its background until the contrast is at least 4.5:1 (3:1 for "
                      "large text); the colours are custom properties at the top of theme/static/css/site.css. ",
    "image-alt": 'Give the image alt text that says what it shows, or alt="" if it is decoration. ',
    "target-size": "Make links and buttons at least 24 by 24 pixels, or space them further apart (padding or "
                   "line-height in site.css). ",
    "heading-order": "Do not skip heading levels: after an h2 comes an h3, not an h4. ",
    "link-name": "Give the link text that says where it goes (or an aria-label for an icon-only link). ",
    "list": "Put only <li> elements directly inside <ul> and <ol>. ",
    "region": "Put all content inside a landmark: the header, nav, main or footer of base.html. ",
    "label": "Give every form field a <label for=...> that names it. ",
}


def _first_reason(summary: str) -> str:
    """The first reason axe gives, without its "Fix any of the following:" heading."""
    reasons = [line.strip() for line in summary.splitlines() if line.strip() and not line.startswith("Fix ")]
    return reasons[0] if reasons else ""


def check_in_browser(base_url: str, pages: list[str], viewports: dict[str, dict], axe_script: Path,
                     axe_tags: list[str], axe_rules: list[str], chromium: str, editor_pages=(),
                     editor_hosts=(), parallel: int = 2) -> list[Finding]:
    """Load every page at every viewport; return the problems found. Requests to other hosts are blocked.

    `editor_pages` (the browser editor, for organizers) are checked at the first viewport only: axe scans the
    page we write with its scripts held back (the editor's own interface is Decap's), then the page runs and
    may contact no host but the site and `editor_hosts`.

    The pages are shared out between `parallel` Chromiums, each checking its share at every viewport (axe keeps
    one processor busy per page); the findings come back in the order of the pages, whatever finished first.
    """
    local = urlsplit(base_url).netloc
    # One axe run per page: the WCAG tags, plus the best-practice rules switched on by name.
    options = {"runOnly": {"type": "tag", "values": list(axe_tags)},
               "rules": {rule: {"enabled": True} for rule in axe_rules}, "resultTypes": ["violations"]}
    workers = max(1, min(int(parallel), len(pages)))
    shares = [pages[index::workers] for index in range(workers)]

    def run_share(index: int) -> dict[str, list[Finding]]:
        # Playwright's sync API belongs to the thread that started it: one Playwright and one Chromium per worker.
        from playwright.sync_api import sync_playwright

        found: dict[str, list[Finding]] = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            try:
                for name, viewport in viewports.items():
                    context = browser.new_context(
                        viewport={"width": viewport["width"], "height": viewport["height"]},
                        color_scheme=viewport.get("color_scheme", "light"),
                        is_mobile=viewport.get("mobile", False), has_touch=viewport.get("mobile", False),
                        device_scale_factor=viewport.get("scale", 1), service_workers="block")
                    context.add_init_script(path=str(axe_script))
                    found[name] = _check_viewport(context, base_url, local, shares[index], name, options)
                    if editor_pages and index == 0 and name == next(iter(viewports)):
                        found[name] += _check_editor_pages(context, base_url, local, editor_pages, name, options,
                                                           editor_hosts)
                    context.close()
            finally:
                browser.close()
        return found

    # Worker threads even for one share: the caller's thread may already run Playwright (a test's browser).
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(run_share, range(workers)))
    order = {page: position for position, page in enumerate([*pages, *editor_pages])}
    findings: list[Finding] = []
    for name in viewports:
        # A stable sort: each page's findings keep the order they were found in.
        findings += sorted((finding for result in results for finding in result.get(name, [])),
                           key=lambda finding: order.get(finding.page, len(order)))
    return findings


def _check_viewport(context, base_url, local, pages, viewport_name, options) -> list[Finding]:
    findings: list[Finding] = []
    state = {"page": None, "blocked": [], "errors": [], "failed": []}

    def route(route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != local:
            state["blocked"].append(url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    context.route("**/*", route)
    tab = context.new_page()
    # "Failed to load resource" lines repeat what the request events below report more precisely.
    tab.on("console", lambda message: message.type == "error"
           and not message.text.startswith("Failed to load resource")
           and state["errors"].append(f"console error: {message.text}"))
    tab.on("pageerror", lambda error: state["errors"].append(f"uncaught error: {error}"))
    # ERR_ABORTED is the browser cancelling a request itself (the icon still loading when the next page
    # opens), not a failure of the site.
    tab.on("requestfailed", lambda request: urlsplit(request.url).netloc == local
           and "ERR_ABORTED" not in (request.failure or "")
           and state["failed"].append(f"{request.url} ({request.failure})"))
    tab.on("response", lambda response: response.status >= 400 and urlsplit(response.url).netloc == local
           and state["failed"].append(f"{response.url} (HTTP {response.status})"))

    for page in pages:
        state.update(blocked=[], errors=[], failed=[])
        url = base_url + page_url(page)
        try:
            response = tab.goto(url, wait_until="load", timeout=60_000)
            if tab.locator("script").count():
                # Let scripts that enhance the page finish their own requests before judging it.
                try:
                    tab.wait_for_load_state("networkidle", timeout=15_000)
                except PlaywrightTimeout:
                    pass
            violations = tab.evaluate(AXE_RUN, options)
            width = tab.evaluate("document.documentElement.scrollWidth")
        except Exception as error:  # noqa: BLE001 - a page that cannot load is itself the finding
            findings.append(Finding(page, "browser", "page-load", f"The page did not load in Chromium: {error}",
                                    "Open the page in a browser (make serve) and fix what stops it loading.",
                                    viewport_name))
            continue
        if response is not None and response.status >= 400 and page != "404.html":
            state["failed"].append(f"{url} (HTTP {response.status})")
        seen = set()
        for violation in violations:
            if violation["id"] in seen:
                continue
            seen.add(violation["id"])
            elements = "; ".join(node["target"] for node in violation["nodes"])
            more = f" and {violation['count'] - len(violation['nodes'])} more" if violation["count"] > 5 else ""
            detail = _first_reason(violation["nodes"][0]["summary"]) if violation["nodes"] else ""
            findings.append(Finding(
                page, "axe", violation["id"],
                f"{violation['help']} ({violation['impact']}): {elements}{more}. {detail}".strip(),
                f"{AXE_FIXES.get(violation['id'], '')}See {violation['helpUrl']}", viewport_name))
        viewport_width = (tab.viewport_size or {}).get("width")
        if viewport_width and width > viewport_width + 1:
            # WCAG 1.4.10 (reflow): at 320 CSS px, and on any phone, nothing but wide tables and maps may
            # scroll sideways; axe cannot see it, since every element is fine on its own.
            findings.append(Finding(
                page, "browser", "scrolls-sideways",
                f"The page is {width} px wide in a {viewport_width} px window, so it scrolls sideways",
                "Let long words, addresses and titles break (CSS overflow-wrap: anywhere), or put a wide table "
                "in a box that scrolls on its own (a <div> with overflow-x: auto and tabindex=\"0\").",
                viewport_name))
        for address in sorted(set(state["blocked"])):
            findings.append(Finding(
                page, "privacy", "third-party-request",
                f"The page asked the browser to load {address} from another site (blocked)",
                "Serve the file from the site itself (theme/static/) or remove it; the site loads nothing "
                "from other websites.", viewport_name))
        for error in state["errors"]:
            findings.append(Finding(page, "browser", "console-error", error,
                                    "Open the page with the browser's developer tools and fix the script or the "
                                    "missing file it names.", viewport_name))
        for failure in sorted(set(state["failed"])):
            findings.append(Finding(page, "browser", "failed-request", f"A request failed: {failure}",
                                    "Make sure the file is in the built site, and that the address is right.",
                                    viewport_name))
    tab.close()
    return findings


def _check_editor_pages(context, base_url, local, pages, viewport_name, options,
                        editor_hosts) -> list[Finding]:
    findings: list[Finding] = []
    tab = context.new_page()
    for page in pages:
        url = base_url + page_url(page)
        # 1. The page we write, as it is before the editor's scripts run.
        tab.route("**/*.js", lambda route: route.abort("blockedbyclient"))
        try:
            tab.goto(url, wait_until="load", timeout=60_000)
            violations = tab.evaluate(AXE_RUN, options)
        except Exception as error:  # noqa: BLE001 - a page that cannot load is itself the finding
            findings.append(Finding(page, "browser", "page-load", f"The page did not load in Chromium: {error}",
                                    "Open the page in a browser (make serve) and fix what stops it loading.",
                                    viewport_name))
            violations = []
        tab.unroute("**/*.js")
        for violation in {violation["id"]: violation for violation in violations}.values():
            elements = "; ".join(node["target"] for node in violation["nodes"])
            findings.append(Finding(page, "axe", violation["id"], f"{violation['help']} ({violation['impact']}): "
                                    f"{elements}. The editor's page is theme/templates/admin.html.",
                                    f"{AXE_FIXES.get(violation['id'], '')}See {violation['helpUrl']}", viewport_name))
        # 2. The editor running: it may talk to the git host's API, and to nothing else.
        contacted: list[str] = []
        allowed = {local, *editor_hosts}

        def record(request):
            parts = urlsplit(request.url)
            if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc not in allowed:
                contacted.append(request.url)

        tab.on("request", record)
        try:
            tab.goto(url, wait_until="load", timeout=60_000)
            tab.wait_for_load_state("networkidle", timeout=30_000)
        except PlaywrightTimeout:
            pass
        tab.remove_listener("request", record)
        for address in sorted(set(contacted)):
            findings.append(Finding(
                page, "privacy", "third-party-request",
                f"The editor asked the browser to load {address} from a host other than the site and "
                f"{', '.join(editor_hosts) or 'the git host'}",
                "The editor's files must come from the site itself (make admin-files copies them from "
                "admin/node_modules); only the git host's API may be contacted (CHECKS_EDITOR_HOSTS).",
                viewport_name))
    tab.close()
    return findings
