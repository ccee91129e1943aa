#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The signalling and handover figures of a benchmark VM run (sig.sh).

  sig_report.py DIR              DIR/out holds sig.sh's files; writes
                                 DIR/sig_summary.json and DIR/sig_report.txt
                                 and prints the report
  sig_report.py --combine OUT DIR...   OUT/sig_summary.{json,txt} over kernels

Sections: "signalling" (Binding Updates per second the home agent
accepted with RFC 4285 authentication while bugen registered N home
addresses, over the whole run and the slowest and fastest tenth of it;
the BU -> BA latency p50/p99/max) and "handover gap" (per movement and
direction: median and min-max over the repetitions, in ms).  A figure
that could not be measured is printed as such, with the reason from
sig_health.txt.  Only the standard library.
"""
import json
import os
import statistics
import sys

MOVES = [("switch", "link switch (both up)"), ("loss", "link loss (other up)"),
         ("home", "return home"), ("cold", "cold (home -> A)")]
DIRS = [("cn-mn", "CN -> home address"), ("mn-cn", "MN -> CN")]


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def fnum(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def analyse(d):
    out = os.path.join(d, "out")
    meta = {r[0]: r[1] for r in read_tsv(os.path.join(out, "sig_meta.tsv")) if len(r) >= 2}
    bu = {r[0]: r[1] for r in read_tsv(os.path.join(out, "sig_bu.tsv")) if len(r) >= 2}
    problems = []
    hp = os.path.join(out, "sig_health.txt")
    if os.path.exists(hp):
        with open(hp) as f:
            problems = [line.strip() for line in f if line.strip()]
    res = {"kernel": meta.get("kernel", kname(d)),
           "meta": meta, "problems": problems}
    sig = None
    if "bu_per_s" in bu:
        rates = [fnum(v) for k, v in bu.items() if k.startswith("rate_")]
        rates = [r for r in rates if r is not None]
        sig = {k: fnum(v) for k, v in bu.items()}
        sig["status"] = {k[7:]: int(v) for k, v in bu.items() if k.startswith("status_")}
        sig["rate_tenths_min"] = min(rates) if rates else None
        sig["rate_tenths_max"] = max(rates) if rates else None
        sig["rate_tenths_median"] = statistics.median(rates) if rates else None
    res["signalling"] = sig
    bu1 = {r[0]: fnum(r[1]) for r in read_tsv(os.path.join(out, "sig_bu1.tsv")) if len(r) >= 2}
    res["signalling_window1"] = bu1 if "p50_ms" in bu1 else None
    gap = {}
    for r in read_tsv(os.path.join(out, "sig_gap.tsv")):
        if len(r) < 6 or fnum(r[3]) is None:
            continue
        gap.setdefault(r[1], {}).setdefault(r[2], []).append(
            {"rep": r[0], "gap_ms": fnum(r[3]), "lost": int(r[4]), "sent": int(r[5])})
    summ = {}
    for m, dirs in gap.items():
        for dr, runs in dirs.items():
            v = [x["gap_ms"] for x in runs]
            summ.setdefault(m, {})[dr] = {
                "n": len(v), "median": statistics.median(v), "min": min(v),
                "max": max(v), "runs": runs}
    res["handover_gap"] = summ
    return res


def kname(d):
    """The kernel of a run directory: build/bench/REL/sig -> REL."""
    d = os.path.normpath(d)
    return os.path.basename(os.path.dirname(d)) if os.path.basename(d) == "sig" \
        else os.path.basename(d)


def why(res, part):
    for p in res["problems"]:
        if p.startswith(part):
            return p
    return "no figures (see sig_health.txt and the console log)"


def render(res):
    k = res["kernel"]
    meta = res["meta"]
    lines = []
    s = res["signalling"]
    lines.append("signalling (%s): %s home addresses registered, RFC 4285 MN-HA "
                 "authentication, window %s" % (k, meta.get("hoas", "?"),
                                                meta.get("window", "?")))
    if not s:
        lines.append("  not measured: " + why(res, "bu"))
    elif s.get("complete") == 0:
        lines.append("  REDUCED: %d of %s home addresses started in the time allowed" % (
            s.get("count") or 0, meta.get("hoas", "?")))
    else:
        def g(key, fmt="%.1f"):
            v = s.get(key)
            return "n/a" if v is None else fmt % v
        lines.append("  accepted BU/s over the run  %s  (per tenth of the run: "
                     "median %s, min-max %s-%s)" % (
                         g("bu_per_s"), g("rate_tenths_median"),
                         g("rate_tenths_min"), g("rate_tenths_max")))
        lines.append("  BU -> BA latency            p50 %s ms, p99 %s ms, max %s ms" % (
            g("p50_ms", "%.2f"), g("p99_ms", "%.2f"), g("max_ms", "%.2f")))
        s1 = res.get("signalling_window1")
        if s1:
            lines.append("  one BU at a time (%d more)   p50 %.2f ms, p99 %.2f ms, max %.2f ms; %.1f BU/s" % (
                s1.get("count") or 0, s1["p50_ms"], s1.get("p99_ms") or 0,
                s1.get("max_ms") or 0, s1.get("bu_per_s") or 0))
        else:
            lines.append("  one BU at a time            not measured")
        lines.append("  run                         %s s; sent %s (retransmitted %s), "
                     "accepted %s, lost %s, late BAs %s, bad BAs %s, BA authenticator wrong %s" % (
                         g("secs", "%.1f"), g("sent", "%d"), g("retransmitted", "%d"),
                         g("accepted", "%d"), g("lost", "%d"), g("late", "%d"), g("bad", "%d"),
                         g("authfail", "%d")))
        lines.append("  BA status                   " + ", ".join(
            "%s: %d" % (st, n) for st, n in sorted(s["status"].items(), key=lambda x: int(x[0])))
            if s["status"] else "  BA status                   none")
        lines.append("  home agent limits set       " + meta.get("ha_limits", "?"))
    lines.append("")
    gap = res["handover_gap"]
    lines.append("handover gap (%s): ms, %s repetitions, one datagram every %s s each way"
                 % (k, meta.get("reps", "?"), meta.get("interval", "?")))
    if not gap:
        lines.append("  not measured: " + why(res, "gap"))
    else:
        lines.append("  %-24s %-20s %8s %14s %3s" % ("movement", "direction", "median",
                                                   "min-max", "n"))
        for m, mdesc in MOVES:
            for dr, ddesc in DIRS:
                x = gap.get(m, {}).get(dr)
                if not x:
                    lines.append("  %-24s %-20s %8s" % (mdesc, ddesc, "not measured"))
                    continue
                lines.append("  %-24s %-20s %8.0f %14s %3d" % (
                    mdesc, ddesc, x["median"], "%.0f-%.0f" % (x["min"], x["max"]), x["n"]))
    if res["problems"]:
        lines.append("")
        lines.append("PROBLEMS (%s, signalling/handover):" % k)
        lines.extend("  " + p for p in res["problems"])
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) >= 3 and argv[1] == "--combine":
        out = argv[2]
        allres, text = [], ""
        for d in argv[3:]:
            p = os.path.join(d, "sig_summary.json")
            if os.path.exists(p):
                with open(p) as f:
                    allres.append(json.load(f))
                with open(os.path.join(d, "sig_report.txt")) as f:
                    text += f.read() + "\n"
            else:
                text += "signalling and handover gap (%s): not measured (the VM gave no figures)\n\n" \
                    % kname(d)
        with open(os.path.join(out, "sig_summary.json"), "w") as f:
            json.dump(allres, f, indent=1, sort_keys=True)
        with open(os.path.join(out, "sig_summary.txt"), "w") as f:
            f.write(text)
        return 0
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    d = argv[1]
    res = analyse(d)
    text = render(res)
    with open(os.path.join(d, "sig_summary.json"), "w") as f:
        json.dump(res, f, indent=1, sort_keys=True)
    with open(os.path.join(d, "sig_report.txt"), "w") as f:
        f.write(text)
    sys.stdout.write(text)
    return 1 if res["problems"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
