"""`make audit`: the built book as a student meets it, on a phone and a weak connection.

For every page of the book, served with gzip and cache headers from 127.0.0.1 like a static host:

* Lighthouse 12 (npm, pinned in tools/audit/package.json) mobile preset on Debian's Chromium:
  performance and accessibility scores (median of ``AUDIT_RUNS`` runs for chapter pages);
* in Chromium over a slow link (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip): when the text
  first paints, when the first figure is drawn once the reader scrolls to it, and the bytes
  transferred on that first visit;
* on a cached visit (no throttling): the main thread's busy time until the figures in view are drawn;
* every explorer's click → redraw time (median over every option of every control).

Budgets are those of the issue "the static book must be fast on a weak connection"; a value over
budget is marked ``!`` and makes the command exit 1.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import CHROMIUM_ARGS, HTML, ROOT, chapter_pages, chromium_path, serve, toc_pages  # noqa: E402

LIGHTHOUSE = ROOT / "tools" / "audit" / "node_modules" / "lighthouse" / "cli" / "index.js"
RUNS = int(os.environ.get("AUDIT_RUNS", "3"))
SLOW_LINK = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
BUDGETS = {"performance": (90, "min"), "accessibility": (100, "min"), "first_paint_s": (2.5, "max"),
           "first_figure_s": (6.0, "max"), "first_visit_kb": (900, "max"), "cached_cpu_s": (1.0, "max"),
           "redraw_ms": (100, "max")}

FIRST_FIGURE_PROBE = """
window.__sbFirstFigure = null;
new MutationObserver((_, observer) => {
  if (document.querySelector('.js-plotly-plot .main-svg')) { window.__sbFirstFigure = performance.now(); observer.disconnect(); }
}).observe(document, {childList: true, subtree: true});
"""


def lighthouse(url: str) -> dict:
    """Lighthouse's mobile preset (simulated slow 4G, 4x CPU slowdown) on Debian's Chromium."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        flags = " ".join(CHROMIUM_ARGS + [f"--user-data-dir={tmp}/profile"])
        subprocess.run(["node", str(LIGHTHOUSE), url, "--quiet", "--only-categories=performance,accessibility",
                        "--output=json", f"--output-path={report}", f"--chrome-flags={flags}"],
                       env=dict(os.environ, CHROME_PATH=chromium_path()), check=True, capture_output=True, timeout=300)
        result = json.loads(report.read_text())
    failed = [a["id"] for a in result["audits"].values()
              if a.get("scoreDisplayMode") == "binary" and a.get("score") == 0
              and a["id"] in {r["id"] for r in result["categories"]["accessibility"]["auditRefs"]}]
    return {"performance": round(result["categories"]["performance"]["score"] * 100),
            "accessibility": round(result["categories"]["accessibility"]["score"] * 100),
            "a11y_failures": failed}


def slow_first_visit(browser, url: str) -> dict:
    """Text paint, first figure drawn (the reader scrolls to it once the text shows) and bytes."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_LINK)
    received = []
    cdp.on("Network.loadingFinished", lambda event: received.append(event["encodedDataLength"]))
    page.add_init_script(FIRST_FIGURE_PROBE)
    page.goto(url, wait_until="commit")
    page.wait_for_function("performance.getEntriesByName('first-contentful-paint').length > 0", timeout=120_000)
    first_paint = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")
    first_figure = None
    if page.locator(".js-plotly-plot, .sb-figure").count():
        page.locator(".js-plotly-plot, .sb-figure").first.scroll_into_view_if_needed()
        page.wait_for_function("window.__sbFirstFigure !== null", timeout=120_000)
        first_figure = page.evaluate("window.__sbFirstFigure")
    page.wait_for_load_state("networkidle", timeout=120_000)
    context.close()
    return {"first_paint_s": first_paint / 1000, "first_figure_s": None if first_figure is None else first_figure / 1000,
            "first_visit_kb": sum(received) / 1024}


def cached_visit_cpu(browser, url: str) -> float:
    """Main-thread busy seconds on a second visit (cache warm), until the figures in view are drawn."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    warm = context.new_page()
    warm.goto(url, wait_until="load")
    warm.wait_for_load_state("networkidle")
    warm.close()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(url, wait_until="load")
    page.wait_for_function(IN_VIEW_DRAWN, timeout=60_000)
    page.wait_for_timeout(300)
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    context.close()
    return metrics["TaskDuration"]


IN_VIEW_DRAWN = """() => Array.from(document.querySelectorAll('.js-plotly-plot, .sb-figure')).every(gd => {
  const r = gd.getBoundingClientRect();
  const inView = r.bottom > 0 && r.top < window.innerHeight;
  return !inView || gd.querySelector('.main-svg') || gd.dataset.sbDrawn;
})"""

REDRAW_TIMES = """async root => {
  const drawn = () => new Promise(resolve => root.addEventListener('sb-drawn', resolve, {once: true}));
  const frame = () => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const times = [];
  async function timed(act) {
    const done = drawn(); const start = performance.now(); act(); await done; await frame();
    times.push(performance.now() - start);
  }
  for (const control of root.querySelectorAll('.sb-control')) {
    const select = control.querySelector('select'), range = control.querySelector('input[type=range]');
    if (select) {
      const back = select.selectedIndex;
      for (const i of Array.from(select.options, (_, k) => k).filter(i => i !== back).concat([back]))
        await timed(() => { select.selectedIndex = i; select.dispatchEvent(new Event('change', {bubbles: true})); });
    } else if (range) {
      const back = Number(range.value);
      for (let v = Number(range.min); v <= Number(range.max); v++) if (v !== back)
        await timed(() => { range.value = v; range.dispatchEvent(new Event('input', {bubbles: true})); });
      await timed(() => { range.value = back; range.dispatchEvent(new Event('input', {bubbles: true})); });
    } else {
      const buttons = [...control.querySelectorAll('button')];
      const back = buttons.findIndex(b => b.getAttribute('aria-pressed') === 'true');
      for (const i of buttons.keys()) if (i !== back) await timed(() => buttons[i].click());
      await timed(() => buttons[back].click());
    }
  }
  return times;
}"""


def redraw_medians(browser, url: str) -> list[float]:
    """Median click → redrawn time of each explorer on the page (ms), desktop Chromium, no throttling."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url, wait_until="load")
    medians = []
    for explorer in page.locator(".sb-explorer").all():
        explorer.scroll_into_view_if_needed()
        page.wait_for_function("root => root.querySelector('.main-svg, .sb-html-view') !== null",
                               arg=explorer.element_handle(), timeout=60_000)
        times = explorer.evaluate(REDRAW_TIMES)
        if times:
            medians.append(statistics.median(times))
    page.close()
    return medians


def over_budget(name: str, value) -> bool:
    if value is None or name not in BUDGETS:
        return False
    limit, kind = BUDGETS[name]
    return value < limit if kind == "min" else value > limit


def audit_page(browser, site: str, path: str) -> dict:
    url = f"{site}/{path}"
    runs = RUNS if path in chapter_pages() else 1
    scores = [lighthouse(url) for _ in range(runs)]
    row = {"performance": statistics.median(s["performance"] for s in scores),
           "accessibility": statistics.median(s["accessibility"] for s in scores),
           "a11y_failures": sorted({f for s in scores for f in s["a11y_failures"]})}
    visits = [slow_first_visit(browser, url) for _ in range(runs)]
    for key in ("first_paint_s", "first_figure_s", "first_visit_kb"):
        values = [v[key] for v in visits if v[key] is not None]
        row[key] = statistics.median(values) if values else None
    row["cached_cpu_s"] = statistics.median(cached_visit_cpu(browser, url) for _ in range(runs))
    redraws = redraw_medians(browser, url)
    row["redraw_ms"] = max(redraws) if redraws else None
    row["redraw_range"] = (min(redraws), max(redraws)) if redraws else None
    return row


def main() -> int:
    from playwright.sync_api import sync_playwright

    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: run `make audit` (it installs tools/audit's npm packages)")
    html = Path(os.environ.get("AUDIT_HTML", HTML))
    if not (html / "index.html").exists():
        raise SystemExit("No built book: run `make book` first")
    pages = [p for p in toc_pages() if not os.environ.get("AUDIT_PAGES") or any(k in p for k in os.environ["AUDIT_PAGES"].split(","))]
    print(f"audit of the built book, served with gzip from 127.0.0.1 (chapter pages: median of {RUNS} runs)")
    print(f"{'page':<30} {'perf':>5} {'a11y':>5} {'paint s':>8} {'figure s':>9} {'1st KB':>7} {'CPU s':>6} {'redraw ms':>12}")
    failures = []
    with serve(html, static_host=True) as site, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for path in pages:
            row = audit_page(browser, site, path)
            cells = []
            for key, fmt in (("performance", "{:5.0f}"), ("accessibility", "{:5.0f}"), ("first_paint_s", "{:8.2f}"),
                             ("first_figure_s", "{:9.2f}"), ("first_visit_kb", "{:7.0f}"), ("cached_cpu_s", "{:6.2f}")):
                value = row[key]
                text = fmt.format(value) if value is not None else " " * (len(fmt.format(0)) - 1) + "-"
                if over_budget(key, value):
                    text += "!"
                    failures.append(f"{path}: {key} = {value}")
                cells.append(text)
            redraw = row["redraw_range"]
            redraw_text = f"{redraw[0]:.0f}–{redraw[1]:.0f}" if redraw else "-"
            if over_budget("redraw_ms", row["redraw_ms"]):
                redraw_text += "!"
                failures.append(f"{path}: slowest explorer redraw {row['redraw_ms']:.0f} ms")
            print(f"{path:<30} {' '.join(cells)} {redraw_text:>12}", flush=True)
            if row["a11y_failures"]:
                print(f"{'':<30} accessibility audits failed: {', '.join(row['a11y_failures'])}")
        browser.close()
    budget = ", ".join(f"{k} {'>=' if kind == 'min' else '<='} {v}" for k, (v, kind) in BUDGETS.items())
    print(f"\nbudgets: {budget}")
    if failures:
        print("over budget:\n  " + "\n  ".join(failures))
        return 1
    print("every page within budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
