"""`make bench`: the numbers the project's budgets are about, as medians of several runs.

clean build, unchanged rebuild, `pytest` time, the weight of every built page (own HTML + assets only
it uses; plotly.js, shared by all pages, counted once) and gzipped, the in-kernel update time of every explorer, and the time to
pool 10 and 1,000 studies and to draw a forest plot. `make bench` then runs `make audit`
(tools/audit.py): what a student on a phone and a weak link gets.

Set BENCH_RUNS (default 3) for more or fewer repetitions.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from build_book import BUILD, build  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
BUDGETS = {"clean build": 30.0, "unchanged rebuild": 3.0, "make test (pytest)": 120.0}


def median_time(function, runs=RUNS):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def quiet_build():
    return build(quiet=True)


def clean_build():
    shutil.rmtree(BUILD, ignore_errors=True)
    quiet_build()


def run_tests():
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "2", "--dist", "loadfile"], cwd=ROOT,
                         capture_output=True, text=True)
    if run.returncode != 0:
        print(run.stdout[-5000:])
        raise SystemExit("the test suite failed during the benchmark (output above)")


ASSET = re.compile(r'(?:src|href)="([^"#?]+)(?:\?[^"]*)?"')


def page_weights(html_root: Path) -> dict[str, dict]:
    pages = sorted(p for p in (html_root / "book").glob("*.html"))
    assets = {}
    for page in pages:
        refs = set()
        for ref in ASSET.findall(page.read_text()):
            target = (page.parent / ref).resolve()
            if target.is_file() and target.suffix in {".js", ".css", ".png", ".svg", ".woff2"}:
                refs.add(target)
        assets[page] = refs
    weights = {}
    for page in pages:
        others = set().union(*(refs for p, refs in assets.items() if p != page))
        unique = [a for a in assets[page] if a not in others]
        weights[page.name] = {"html": page.stat().st_size, "unique_assets": sum(a.stat().st_size for a in unique)}
    return weights


def explorer_latencies() -> dict[str, float]:
    import importlib
    import inspect
    import pkgutil

    import spinebook.explorers
    from spinebook import data

    book_data = data.load()
    results = {}
    for info in pkgutil.iter_modules(spinebook.explorers.__path__):
        module = importlib.import_module(f"spinebook.explorers.{info.name}")
        for name, factory in inspect.getmembers(module, inspect.isfunction):
            if factory.__module__ != module.__name__ or name.startswith("_"):
                continue
            box = factory(book_data).widget()
            times = []
            for _ in range(3):
                for control_name, control in box.inputs.items():
                    for index in list(range(1, len(control.options))) + [0]:
                        start = time.perf_counter()
                        control.value = index
                        times.append(time.perf_counter() - start)
            results[f"{info.name}.{name}"] = statistics.median(times) * 1000 if times else float("nan")
    return results


def imaging_render_times() -> dict[str, tuple[float, float]]:
    """Each imaging explorer from a fresh simulator: every state's figure computed once (simulation,
    JPEG encoding, plotly figure), in the order the explorer enumerates them. Median and slowest, ms."""
    from spinebook import data
    from spinebook.explorers import imaging
    from spinebook.imaging import scenes

    book_data = data.load()
    out = {}
    for name in ("two_views", "fluoroscopy_views", "ultrasound_views", "needle_advance"):
        scenes._SIMULATORS.clear()
        explorer = getattr(imaging, name)(book_data)
        times = []
        for _, state in explorer.states():
            start = time.perf_counter()
            explorer.figure_function(**state)
            times.append(time.perf_counter() - start)
        out[name] = (statistics.median(times) * 1000, max(times) * 1000)
    return out


def meta_timings() -> dict[str, float]:
    import numpy as np
    import pandas as pd

    from spinebook import meta
    from spinebook.figures.forest import forest_figure

    rng = np.random.default_rng(1)
    out = {}
    for k in (10, 1000):
        yi, vi = rng.normal(0, 0.3, k), rng.uniform(0.01, 0.1, k)
        out[f"pool {k} studies (REML), ms"] = median_time(lambda: meta.pool(yi, vi, method="REML"), runs=21) * 1000
    yi, vi = rng.normal(0, 0.3, 10), rng.uniform(0.01, 0.1, 10)
    table = pd.DataFrame({"study_id": [f"study_{i}" for i in range(10)], "yi": yi, "vi": vi, "se": np.sqrt(vi),
                          "ci_low": yi - 1.96 * np.sqrt(vi), "ci_high": yi + 1.96 * np.sqrt(vi),
                          "n_us": 20, "n_fl": 20})
    result = meta.pool(yi, vi)
    out["forest figure, 10 studies, ms"] = median_time(lambda: forest_figure(table, result, "SMD"), runs=11) * 1000
    return out


def main():
    print(f"spinebook bench: medians of {RUNS} runs (machine load {os.getloadavg()[0]:.1f})\n")
    timings = {}
    timings["clean build"] = median_time(clean_build)
    timings["unchanged rebuild"] = median_time(quiet_build)
    timings["make test (pytest)"] = median_time(run_tests)
    for label, seconds in timings.items():
        print(f"{label:<22} {seconds:7.1f} s   (budget {BUDGETS[label]:.0f} s)")

    weights = page_weights(BUILD / "html")
    bundle = BUILD / "html" / "_static" / "plotly-basic.min.js"
    print(f"\npage weights (KB; budget: own weight <= 500 KB). The plotly.js basic bundle, shared and fetched only "
          f"when a figure comes near the viewport: {bundle.stat().st_size / 1024:.0f} KB, "
          f"{len(gzip.compress(bundle.read_bytes())) / 1024:.0f} KB gzipped")
    print(f"{'page':<32} {'own HTML':>9} {'gzipped':>8} {'+unique assets':>15}")
    for page, w in weights.items():
        gzipped = len(gzip.compress((BUILD / "html" / "book" / page).read_bytes())) / 1024
        print(f"{page:<32} {w['html'] / 1024:9.0f} {gzipped:8.0f} {(w['html'] + w['unique_assets']) / 1024:15.0f}")

    print("\nexplorer update in a kernel (control set -> FigureWidget updated), median ms (budget 20 ms)")
    for name, ms in explorer_latencies().items():
        print(f"  {name:<40} {ms:6.1f}")
    print("\nimaging: one new state simulated and drawn in a kernel, ms (budget: median <= 50 ms)")
    for name, (median, slowest) in imaging_render_times().items():
        print(f"  {name:<40} median {median:6.1f}   slowest {slowest:6.1f}")
    print("\nstatistics")
    for name, ms in meta_timings().items():
        print(f"  {name:<40} {ms:6.2f}")


if __name__ == "__main__":
    main()
