#!/usr/bin/env python3
"""Plots the results of bench/compare.sh (JSON lines) into one PNG: chat throughput and p99 latency against the
offered rate (the run with the median saturation of each server), KiB per idle connection and logins/s (medians)."""
import json
import statistics
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

COLORS = {"parley": "#1f77b4", "prosody": "#2ca02c", "ejabberd": "#d62728", "relay": "#7f7f7f", "sink": "#9467bd"}
ORDER = ["parley", "prosody", "ejabberd", "relay", "sink"]


def main(results_path, png_path):
    results = [json.loads(line) for line in open(results_path) if line.strip()]
    fig, ((thr, lat), (idle, login)) = plt.subplots(2, 2, figsize=(12, 9))

    for server in ORDER:
        runs = [r for r in results if r["server"] == server and r["scenario"] in ("chat", "relay") and r["steps"]]
        if not runs:
            continue
        runs.sort(key=lambda r: r["metrics"].get("sat_delivered_per_s", 0))
        steps = sorted(runs[(len(runs) - 1) // 2]["steps"], key=lambda s: s["offered"])
        offered = [s["offered"] for s in steps]
        thr.plot(offered, [s["delivered"] for s in steps], "o-", color=COLORS[server], label=server)
        lat.plot(offered, [max(s["p99_ms"], 0.01) for s in steps], "o-", color=COLORS[server], label=f"{server} p99")
        lat.plot(offered, [max(s["p50_ms"], 0.01) for s in steps], "x:", color=COLORS[server], label=f"{server} p50")
    top = max([s["offered"] for r in results for s in r.get("steps", [])] or [1])
    thr.plot([100, top], [100, top], "--", color="#cccccc", label="delivered = offered")
    thr.set(title="chat: delivered vs offered (1:1 messages)", xlabel="offered msgs/s (log)", ylabel="delivered msgs/s (log)",
            xscale="log", yscale="log")
    lat.set(title="chat: delivery latency", xlabel="offered msgs/s (log)", ylabel="ms (log)", xscale="log", yscale="log")
    thr.legend()
    lat.legend(fontsize=7, ncol=2)

    def medians(scenario, metric):
        names, values = [], []
        for server in ORDER:
            v = [r["metrics"][metric] for r in results if r["server"] == server and r["scenario"] == scenario
                 and metric in r["metrics"]]
            if v:
                names.append(server)
                values.append(statistics.median(v))
        return names, values

    for ax, scenario, metric, title in [
        (idle, "idle", "kb_per_conn", "idle: KiB per authenticated TLS connection (lower is better)"),
        (login, "login", "logins_per_s", "login: logins/s, SCRAM-SHA-256 (higher is better)"),
    ]:
        names, values = medians(scenario, metric)
        bars = ax.bar(names, values, color=[COLORS.get(n, "#333333") for n in names])
        ax.bar_label(bars, fmt="%.1f")
        ax.set(title=title)
    fig.suptitle("Parley vs Prosody vs ejabberd — one core each, same machine, medians of repeated runs")
    fig.tight_layout()
    fig.savefig(png_path, dpi=90)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
