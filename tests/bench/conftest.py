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
