#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Plots of a benchmark run (python3-matplotlib), from report.py's
summary.json of all kernels:

  plot.py OUT      OUT/summary.json -> OUT/scaling.png, OUT/ratios.png

scaling.png: forwarding rate over plain against the number of sessions
(tunnel: bindings; ip6tnl: devices, as many as were created), median per
configuration with the interquartile range (min-max below 4 rounds), one
line per kernel and contender.  ratios.png: the medians of the main ratios
per kernel as bars, with their interquartile range.
"""
import json
import os
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# (section, ratio name, label) of the bar chart; section: a configuration
# of summary.json, or "tcp".
BARS = [("1", "tunnel/plain", "tunnel/plain\n1 MN"),
        ("1", "ip6tnl/plain", "ip6tnl/plain\n1 MN"),
        ("1", "tunnel/ip6tnl", "tunnel/ip6tnl\n1 MN"),
        ("N", "tunnel/plain", "tunnel/plain\nN"),
        ("N", "tunnel/ip6tnl", "tunnel/ip6tnl\nN"),
        ("R", "router with rules/without", "router rules\n/no rules"),
        ("L", "ro/plain", "CN ro/plain"),
        ("L", "xfrm/plain", "CN xfrm/plain"),
        ("L", "ro/xfrm", "CN ro/xfrm"),
        ("tcp", "tunnel/plain", "TCP\ntunnel/plain"),
        ("tcp", "ip6tnl/plain", "TCP\nip6tnl/plain"),
        ("tcp", "tunnel/ip6tnl", "TCP\ntunnel/ip6tnl")]


def err(s):
    """(median, lower error, upper error) of a spread."""
    lo = s["q1"] if s.get("q1") is not None else s["min"]
    hi = s["q3"] if s.get("q3") is not None else s["max"]
    return s["median"], s["median"] - lo, hi - s["median"]


def plot_scaling(results, path):
    fig, ax = plt.subplots(figsize=(8, 5))
    drawn = 0
    for res in results:
        for key, xkey, style, name in (("tunnel_plain", "sessions", "o-", "ipmob tunnel"),
                                       ("ip6tnl_plain", "ip6tnl_devices", "s--", "ip6tnl")):
            pts = sorted((p[xkey], p[key]) for p in res.get("scaling", [])
                         if p.get(key) and p.get(xkey))
            if not pts:
                continue
            xs = [x for x, _ in pts]
            e = [err(s) for _, s in pts]
            ax.errorbar(xs, [m for m, _, _ in e],
                        yerr=[[lo for _, lo, _ in e], [hi for _, _, hi in e]],
                        fmt=style, capsize=3,
                        label="%s, %s" % (name, res.get("kernel", "?")))
            drawn += 1
    ax.set_xscale("log")
    ax.set_xlabel("sessions (tunnel: bindings; ip6tnl: devices)")
    ax.set_ylabel("forwarding rate / plain forwarding (median, IQR)")
    ax.set_title("Forwarding against the number of sessions (pktgen, 64-byte IPv6, TCG)")
    ax.axhline(1.0, color="grey", lw=0.5)
    ax.set_ylim(bottom=0)
    ax.grid(True, which="both", alpha=0.3)
    if drawn:
        ax.legend(fontsize=8)
    else:
        ax.text(0.5, 0.5, "no scaling figures measured", transform=ax.transAxes, ha="center")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def plot_ratios(results, path):
    bars = []
    for sec, name, label in BARS:
        vals = []
        for res in results:
            src = res.get("tcp") if sec == "tcp" else res.get("configs", {}).get(sec)
            vals.append(((src or {}).get("ratios") or {}).get(name))
        if any(vals):
            bars.append((label, vals))
    fig, ax = plt.subplots(figsize=(max(6, 1.1 * len(bars) + 2), 5))
    width = 0.8 / max(1, len(results))
    for k, res in enumerate(results):
        xs, ms, los, his = [], [], [], []
        for i, (_, vals) in enumerate(bars):
            if vals[k]:
                m, lo, hi = err(vals[k])
                xs.append(i + (k - (len(results) - 1) / 2) * width)
                ms.append(m)
                los.append(lo)
                his.append(hi)
        ax.bar(xs, ms, width, yerr=[los, his], capsize=3, label=res.get("kernel", "?"))
        for x, mval in zip(xs, ms):
            ax.text(x, mval, "%.2f" % mval, ha="center", va="bottom", fontsize=7)
    ax.set_xticks(range(len(bars)))
    ax.set_xticklabels([b[0] for b in bars], fontsize=8)
    ax.axhline(1.0, color="grey", lw=0.5)
    ax.set_ylabel("ratio, median per round (IQR)")
    ax.set_title("make bench: ratios per kernel (N = %s bindings)"
                 % ", ".join(str(r.get("meta", {}).get("bindings", "?")) for r in results))
    if results:
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(os.path.join(argv[1], "summary.json")) as f:
        results = json.load(f)
    plot_scaling(results, os.path.join(argv[1], "scaling.png"))
    plot_ratios(results, os.path.join(argv[1], "ratios.png"))
    print("plots: %s, %s" % (os.path.join(argv[1], "scaling.png"),
                             os.path.join(argv[1], "ratios.png")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
