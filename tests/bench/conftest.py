"""Collects the benchmark rows and prints them as one table at the end of the run."""

BENCH_ROWS: list[dict] = []


def pytest_terminal_summary(terminalreporter) -> None:
    if not BENCH_ROWS:
        return
    terminalreporter.section("Jena Smart benchmark (server time per request)")
    header = (
        f"{'page':<28} {'measures':>8} {'cache':<5} {'n':>3} {'median ms':>10} "
        f"{'p90 ms':>8} {'queries':>7} {'status':>6}"
    )
    terminalreporter.write_line(header)
    terminalreporter.write_line("-" * len(header))
    for row in BENCH_ROWS:
        terminalreporter.write_line(
            f"{row['page']:<28} {row['measures']:>8} {row['cache']:<5} {row['n']:>3} "
            f"{row['median_ms']:>10.1f} {row['p90_ms']:>8.1f} {row['queries']:>7} "
            f"{row['status']:>6}"
        )


# --- The ideas benchmark (test_bench_ideas.py): its own two tables ------------------------

# Chromium for the idea map benchmark: the browser fixture of the browser journeys.
from tests.e2e.conftest import browser  # noqa: E402, F401

# endpoint, ideas, n, median_ms, p90_ms, queries, status, kb
IDEA_BENCH_ROWS: list[dict] = []
# ideas, runs, and the medians (ms) of: html, dom_ready, geojson, usable, wall
MAP_BENCH_ROWS: list[dict] = []

_strategy_summary = pytest_terminal_summary


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: F811 - extends the one above
    _strategy_summary(terminalreporter)
    if IDEA_BENCH_ROWS:
        terminalreporter.section("Jena Smart benchmark: ideas API and list (server time)")
        header = (
            f"{'endpoint':<26} {'ideas':>6} {'n':>3} {'median ms':>10} {'p90 ms':>8} "
            f"{'queries':>7} {'status':>6} {'KiB':>8}"
        )
        terminalreporter.write_line(header)
        terminalreporter.write_line("-" * len(header))
        for row in IDEA_BENCH_ROWS:
            terminalreporter.write_line(
                f"{row['endpoint']:<26} {row['ideas']:>6} {row['n']:>3} "
                f"{row['median_ms']:>10.1f} {row['p90_ms']:>8.1f} {row['queries']:>7} "
                f"{row['status']:>6} {row['kib']:>8.1f}"
            )
    if MAP_BENCH_ROWS:
        terminalreporter.section("Jena Smart benchmark: idea map in chromium (median of runs)")
        header = (
            f"{'ideas':>6} {'runs':>4} {'HTML ms':>8} {'DOM ready ms':>12} "
            f"{'GeoJSON ms':>10} {'GeoJSON KiB':>11} {'map usable ms':>13} {'wall ms':>8}"
        )
        terminalreporter.write_line(header)
        terminalreporter.write_line("-" * len(header))
        for row in MAP_BENCH_ROWS:
            terminalreporter.write_line(
                f"{row['ideas']:>6} {row['runs']:>4} {row['html_ms']:>8.0f} "
                f"{row['dom_ready_ms']:>12.0f} {row['geojson_ms']:>10.0f} "
                f"{row['geojson_kib']:>11.0f} {row['usable_ms']:>13.0f} {row['wall_ms']:>8.0f}"
            )
