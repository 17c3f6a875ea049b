#!/usr/bin/env python3
"""Prints the benchmark table: report.py GRID.txt CLI.json STARTUP.txt (written by bench/run-all.sh)."""
import json
import re
import sys

# DB Browser for SQLite 3.12 on these machines, as given in the issue.
DB4S_REF = {
    "first_rows_ms": 1100.0,
    "last_row_ms": 700.0,
    "rss_scrolled_mb": "210-230",
    "startup_ms": 240.0,
    "startup_rss_mb": 107.0,
}


def read_grid(path):
    out = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[0] == "RESULT":
                out[parts[1]] = float(parts[2])
    return out


def read_cli(path):
    with open(path) as f:
        data = json.load(f)
    return {r["command"]: r["median"] * 1000.0 for r in data["results"]}


def read_startup(path):
    out = {}
    with open(path) as f:
        for line in f:
            name, _, rest = line.partition(" ")
            fields = dict(re.findall(r"(\w+)=([0-9.]+)", rest))
            out[name] = {k: float(v) for k, v in fields.items()}
    return out


def fmt(v, unit):
    if v is None:
        return "-"
    if isinstance(v, str):
        return f"{v} {unit}"
    return f"{v:.0f} {unit}" if v >= 100 else f"{v:.1f} {unit}"


def main():
    grid = read_grid(sys.argv[1])
    cli = read_cli(sys.argv[2])
    start = read_startup(sys.argv[3])
    rows = []  # metric, sluice, cli, db4s here, db4s issue, target, verdict

    def below(v, limit):
        return "-" if v is None or v < 0 else ("met" if v < limit else "MISSED")

    def vs_cli(v, c):
        return f" ({v / c:.1f}x CLI)" if v and c else ""

    g = grid.get
    rows.append(["First rows painted after open", fmt(g("first_rows_ms"), "ms") + vs_cli(g("first_rows_ms"), cli.get("first")),
                 fmt(cli.get("first"), "ms"), "-", fmt(DB4S_REF["first_rows_ms"], "ms"), "< 200 ms",
                 below(g("first_rows_ms"), 200)])
    rows.append(["Last row painted, Ctrl+End (count known)", fmt(g("last_row_ms"), "ms") + vs_cli(g("last_row_ms"), cli.get("last")),
                 fmt(cli.get("last"), "ms"), "-", fmt(DB4S_REF["last_row_ms"], "ms"), "< 50 ms",
                 below(g("last_row_ms"), 50)])
    rows.append(["Last row painted, Ctrl+End at once after open", fmt(g("last_row_cold_ms"), "ms"),
                 fmt(cli.get("last"), "ms"), "-", fmt(DB4S_REF["last_row_ms"], "ms"), "< 50 ms",
                 below(g("last_row_cold_ms"), 50)])
    rows.append(["Random row painted (median / p95)",
                 f"{fmt(g('scroll_median_ms'), 'ms')} / {fmt(g('scroll_p95_ms'), 'ms')}",
                 fmt(cli.get("point"), "ms") + " (point query)", "-", "-", "-", "-"])
    rows.append(["Peak RSS after scrolling everywhere (VmHWM)", fmt(g("peak_rss_after_scroll_mb"), "MB"), "-", "-",
                 fmt(DB4S_REF["rss_scrolled_mb"], "MB"), "< 150 MB", below(g("peak_rss_after_scroll_mb"), 150)])
    rows.append(["RSS after scrolling (VmRSS)", fmt(g("rss_after_scroll_mb"), "MB"), "-", "-", "-", "< 150 MB",
                 below(g("rss_after_scroll_mb"), 150)])
    rows.append(["RSS when the first rows were shown", fmt(g("rss_after_open_mb"), "MB"), "-", "-", "-", "-", "-"])

    def startup_rows(label, ours, theirs, with_db):
        s, d = start.get(ours, {}), start.get(theirs, {})
        ref_ms = None if with_db else DB4S_REF["startup_ms"]
        ref_mb = None if with_db else DB4S_REF["startup_rss_mb"]
        for key, unit, ref, what in (("startup_ms_median", "ms", ref_ms, "window mapped"),
                                     ("rss_mb_median", "MB", ref_mb, "RSS at mapping")):
            v, other = s.get(key), d.get(key)
            bar = other if other is not None else ref
            verdict = "-" if v is None or bar is None else ("met" if v <= bar else "MISSED")
            rows.append([f"{label}: {what}", fmt(v, unit), "-", fmt(other, unit), fmt(ref, unit),
                         "<= DB4S", verdict])
        if "settled_rss_mb_median" in s:
            rows.append([f"{label}: RSS 2 s after mapping", fmt(s["settled_rss_mb_median"], "MB"), "-",
                         fmt(d.get("settled_rss_mb_median"), "MB"), "-", "-", "-"])

    startup_rows("Start-up, no file", "sluice", "db4s", False)
    startup_rows("Start-up with the 10M-row file", "sluice_db", "db4s_db", True)
    rows.append(["sqlite3 process start alone (SELECT 1)", "-", fmt(cli.get("start"), "ms"), "-", "-", "-", "-"])

    head = ["metric", "Sluice", "sqlite3 CLI", "DB4S here", "DB4S (issue)", "target", "verdict"]
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"
    print(line(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))
    print()
    print(f"Grid medians over {g('runs', 0):.0f} fresh windows; openDatabase() itself returned after "
          f"{fmt(g('open_return_ms'), 'ms')}; the exact row count arrived {fmt(g('count_ready_ms'), 'ms')} "
          f"after the start of the open; {g('scroll_cached_rows', 0):.0f} rows cached after scrolling.")
    print("sqlite3 CLI times are whole processes (start, open, query, print): see the process-start line.")


if __name__ == "__main__":
    main()
