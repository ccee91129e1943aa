#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the raw figures of a benchmark VM run into the report.

  report.py DIR              DIR/out holds guest.sh's files; writes
                             DIR/summary.json and DIR/report.txt, prints it
  report.py --combine OUT DIR...   one summary.json/summary.txt over kernels

Ratios are taken within a round: a contender's rate over the mean of the
plain runs right before and right after it (guest.sh runs A B A C A D A),
and contender/contender as the quotient of those; then summarised over
rounds: median, min-max and the interquartile range.  The flows contender
(configuration 1: tunnel's binding with 10,000 flow rules, only the last
matching) gives flows/tunnel, the cost of walking them; memory.tsv's
"flow-rules" rows the kernel memory per rule.  udp (configuration 1: the
binding in UDP) gives udp/tunnel; the IPv4 contenders tunnel4, ipip,
udp4 (DSMIPv6's UDP/IPv4 path) and 4in6 (an IPv4 home address through
an IPv6 care-of address) are measured against plain4, IPv4 forwarding; prefix (configuration N:
as many /64 prefix bindings) gives prefix/exact against tunnel's /128
ones.  tunnel(N)/tunnel(1) is a round's tunnel/plain with N bindings over
its tunnel/plain with one (ro the same).  Installs per second are the
bindings of a batch over its time.  The scaling curve: configurations named by their
session count (meta "sizes") between 1 and N, tunnel and ip6tnl against
their own plain runs, and tunnel(S)/tunnel(1).  Configuration L is the
correspondent's own send path (udpsend): ro (ipmob RO binding) and xfrm
(the kernel's route2 state) against no binding.  tcp.tsv: iperf3 through
the forwarding node, the same ratios within a round.  Only the standard
library (plot.py draws the figures).
"""
import json
import os
import statistics
import sys

CONTENDERS = ["plain", "tunnel", "ro", "ip6tnl", "flows", "udp", "prefix",
              "mr", "mrflows", "plain4", "tunnel4", "ipip", "udp4", "4in6",
              "xfrm"]
# The plain runs each contender is divided by ("plain" unless named here).
REF = {"plain4": "plain4", "tunnel4": "plain4", "ipip": "plain4",
       "udp4": "plain4", "4in6": "plain4"}
PLAINS = ("plain", "plain4")
# (numerator, denominator) of the ratios reported, per configuration.
PAIRS = [("tunnel", "plain"), ("ro", "plain"), ("ip6tnl", "plain"),
         ("tunnel", "ip6tnl"), ("ro", "ip6tnl"),
         ("flows", "plain"), ("flows", "tunnel"),
         ("udp", "plain"), ("udp", "tunnel"),
         ("prefix", "plain"), ("prefix", "tunnel"),
         ("tunnel4", "plain4"), ("ipip", "plain4"), ("tunnel4", "ipip"),
         ("udp4", "plain4"), ("4in6", "plain4"), ("udp4", "tunnel4"),
         ("xfrm", "plain"), ("ro", "xfrm"),
         ("mr", "plain"), ("mrflows", "plain"), ("mrflows", "mr")]
# The contenders each configuration is meant to have: one missing was not
# measured (its set-up failed, or ip6tnl has too few devices), and the
# report says so.
EXPECT = {"1": ["plain", "tunnel", "ro", "ip6tnl", "flows", "udp", "plain4",
                "tunnel4", "ipip", "udp4", "4in6"],
          "N": ["plain", "tunnel", "ro", "ip6tnl", "prefix"],
          "L": ["plain", "ro", "xfrm"],
          "R": ["plain", "mr", "mrflows"],
          "size": ["plain", "tunnel", "ip6tnl"]}
TCP_CONTENDERS = ["plain", "tunnel", "ip6tnl"]
TCP_PAIRS = [("tunnel", "plain"), ("ip6tnl", "plain"), ("tunnel", "ip6tnl")]
# Names of ratios that are not "a/b".
LABEL = {("prefix", "tunnel"): "prefix/exact",
         ("mrflows", "mr"): "router with rules/without"}
# Contenders whose ratio to plain is also compared across configurations:
# "C(N)/C(1)", in configuration N's ratios.
SCALING = ["tunnel", "ro"]
# The goals (a ratio's median at least this).
GOALS = {"tunnel4/plain4": 0.80, "tunnel(N)/tunnel(1)": 0.95}
DESC = {
    "plain": "plain IPv6 forwarding (ceiling)",
    "tunnel": "ipmob home agent, tunnel",
    "ro": "ipmob binding cache, RO (RH2)",
    "ip6tnl": "ip6tnl, one device per MN",
    "flows": "ipmob tunnel, last of N flow rules",
    "udp": "ipmob tunnel in UDP (port 4191)",
    "prefix": "ipmob tunnel, /64 prefix bindings",
    "mr": "ipmob mobile routers, no rules",
    "mrflows": "ipmob router, last of N flow rules",
    "plain4": "plain IPv4 forwarding (ceiling)",
    "tunnel4": "ipmob home agent, IPv4 ipip",
    "ipip": "ipip, one device per MN",
    "udp4": "ipmob IPv4 in UDP/IPv4 (DSMIPv6)",
    "4in6": "ipmob IPv4 in IPv6 (DSMIPv6)",
    "xfrm": "xfrm route2 state, RO (RH2)",
}
# Configuration L: the correspondent's own packets.
DESC_L = {
    "plain": "CN sends, no binding (plain)",
    "ro": "CN sends, ipmob RO binding (RH2)",
    "xfrm": "CN sends, xfrm route2 RO (RH2)",
}
DESC_TCP = {
    "plain": "plain forwarding",
    "tunnel": "ipmob home agent (binding)",
    "ip6tnl": "ip6tnl device + /128 route",
}


def round_ratios(seq, ref_of):
    """rel[cfg][contender][round]: a run's rate over the mean of the runs of
    its reference (ref_of(name)) in the same configuration right before and
    right after it in that round.  seq: round -> [(name-cfg, rate)]."""
    rel = {}
    for r, order in seq.items():
        for i, (c, pps) in enumerate(order):
            name, cfg = c.rsplit("-", 1)
            if name in PLAINS:
                continue
            ref = ref_of(name) + "-" + cfg
            near = [p for cc, p in reversed(order[:i]) if cc == ref][:1] + \
                   [p for cc, p in order[i + 1:] if cc == ref][:1]
            if near and min(near) > 0:
                rel.setdefault(cfg, {}).setdefault(name, {})[r] = pps / statistics.mean(near)
    return rel


def pair_ratios(rc, rounds, pairs):
    """{"a/b": spread} of one configuration's per-round ratios."""
    out = {}
    for a, b in pairs:
        if b in PLAINS:
            vals = list(rc.get(a, {}).values())
        else:
            vals = [rc[a][r] / rc[b][r] for r in rounds
                    if r in rc.get(a, {}) and r in rc.get(b, {}) and rc[b][r] > 0]
        if vals:
            out[LABEL.get((a, b), "%s/%s" % (a, b))] = spread(vals)
    return out


def configs_of(meta):
    """The configurations in report order: 1, the sizes, N, R, L."""
    return ["1"] + meta.get("sizes", "").split() + ["N", "R", "L"]


def analyse_tcp(out_dir):
    """iperf3 runs (tcp.tsv): rates in bit/s, ratios within a round."""
    seq, rates = {}, {}
    for r, _seq, c, bps, _retr in read_tsv(os.path.join(out_dir, "tcp.tsv")):
        r = int(r)
        if r == 0:
            continue
        seq.setdefault(r, []).append((c + "-T", float(bps)))
        rates.setdefault(c, []).append(float(bps))
    if not seq:
        return None
    rel = round_ratios(seq, lambda name: "plain").get("T", {})
    return {"rounds": len(seq),
            "contenders": {c: {"bps": spread(v)} for c, v in rates.items() if v},
            "ratios": pair_ratios(rel, sorted(seq), TCP_PAIRS)}


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def num(text):
    """An integer of a raw file; older guest.sh runs wrote large ones as 3.79249e+09."""
    try:
        return int(text)
    except ValueError:
        return int(float(text))


def spread(values):
    """median, min, max, q1, q3 of a list (q1/q3 None below 4 values)."""
    v = sorted(values)
    out = {"n": len(v), "median": statistics.median(v), "min": v[0], "max": v[-1],
           "q1": None, "q3": None}
    if len(v) >= 4:
        q = statistics.quantiles(v, n=4, method="inclusive")
        out["q1"], out["q3"] = q[0], q[2]
    return out


def analyse(d):
    out_dir = os.path.join(d, "out")
    meta = {k: v for k, v in read_tsv(os.path.join(out_dir, "meta.tsv"))}
    runs = read_tsv(os.path.join(out_dir, "runs.tsv"))
    # Measured runs in the order they ran, per round.
    seq = {}
    sent, fwd, nbytes, pg_pps, all_pps = {}, {}, {}, {}, {}
    for r, _seq, c, s, f, usec, p, _err, b in runs:
        r, usec = int(r), int(usec)
        if r == 0 or usec == 0:
            continue        # warm-up
        pps = int(f) / usec * 1e6
        seq.setdefault(r, []).append((c, pps))
        sent[c] = sent.get(c, 0) + int(s)
        fwd[c] = fwd.get(c, 0) + int(f)
        nbytes[c] = nbytes.get(c, 0) + int(b)
        pg_pps.setdefault(c, []).append(int(p))
        all_pps.setdefault(c, []).append(pps)
    rounds = sorted(seq)
    # rel[cfg][contender][round]: pps / mean of the plain runs of the same
    # configuration right before and right after it in that round.
    rel = round_ratios(seq, lambda name: REF.get(name, "plain"))
    res = {"kernel": meta.get("kernel", "?"), "meta": meta, "rounds": len(rounds),
           "configs": {}, "memory": {}, "problems": []}
    for cfg in configs_of(meta):
        conf = {"contenders": {}, "ratios": {}}
        for c in CONTENDERS:
            key = "%s-%s" % (c, cfg)
            if key not in all_pps:
                continue
            conf["contenders"][c] = {
                "pps": spread(all_pps[key]),
                "pktgen_pps_median": statistics.median(pg_pps[key]),
                "frame_bytes": nbytes[key] / fwd[key] if fwd[key] else 0,
                "sent": sent.get(key, 0), "forwarded": fwd.get(key, 0)}
        rc = rel.get(cfg, {})
        conf["ratios"] = pair_ratios(rc, rounds, PAIRS)
        conf["not_measured"] = [c for c in EXPECT.get(cfg, EXPECT["size"])
                                if c not in conf["contenders"]]
        if cfg not in ("1", "N", "R", "L"):
            r1 = rel.get("1", {})
            vals = [rc["tunnel"][r] / r1["tunnel"][r] for r in rounds
                    if r in rc.get("tunnel", {}) and r in r1.get("tunnel", {})
                    and r1["tunnel"][r] > 0]
            if vals:
                conf["ratios"]["tunnel(%s)/tunnel(1)" % cfg] = spread(vals)
        if cfg == "N":
            # C(N)/C(1): the same round's ratios to plain, N over 1.
            r1 = rel.get("1", {})
            for c in SCALING:
                vals = [rc[c][r] / r1[c][r] for r in rounds
                        if r in rc.get(c, {}) and r in r1.get(c, {}) and r1[c][r] > 0]
                if vals:
                    conf["ratios"]["%s(N)/%s(1)" % (c, c)] = spread(vals)
        res["configs"][cfg] = conf
    res["goals"] = GOALS
    res["scaling"] = scaling(res, meta)
    res["tcp"] = analyse_tcp(out_dir)

    mem = {}
    for what, count, key, before, after in read_tsv(os.path.join(out_dir, "memory.tsv")):
        mem.setdefault(what, {"count": int(count)})[key] = num(after) - num(before)
        if key == "slab_objsize":
            mem[what]["objsize"] = num(after)
    for what, m in mem.items():
        n = m["count"] or 1
        m["per_item"] = {
            "slab_bytes": m.get("slab", 0) / n,
            "percpu_bytes": m.get("percpu", 0) / n,
            "vmalloc_bytes": m.get("vmalloc", 0) / n,
            "memfree_bytes": -m.get("memfree", 0) / n,
        }
        if "slab_pages" in m:
            m["per_item"]["binding_slab_pages_bytes"] = m["slab_pages"] * 4096 / n
        m["per_item"]["slab_vmalloc_bytes"] = (m.get("slab", 0) + m.get("vmalloc", 0)) / n
    res["memory"] = mem
    # Per session and per endpoint: an RO binding has no endpoint, each
    # tunnel binding of the benchmark one of its own (its own care-of
    # address), so slab + vmalloc per RO binding is a session's and the
    # difference an endpoint's.
    mt, mr = mem.get("ipmob-tunnel"), mem.get("ipmob-ro")
    if mt and mr:
        sess = mr["per_item"]["slab_vmalloc_bytes"]
        res["memory_split"] = {
            "bindings": mt["count"],
            "session_bytes": sess,
            "endpoint_bytes": mt["per_item"]["slab_vmalloc_bytes"] - sess}

    # Bindings installed per second: each batch's bindings over its time.
    n = int(meta.get("bindings", 0) or 0)
    ips = {}
    for mode in ("tunnel", "ro", "prefix"):
        t = float(meta.get("add_secs_" + mode, 0) or 0)
        if n and t > 0:
            ips[mode] = n / t
    if ips:
        res["setup"] = {"bindings": n, "installs_per_s": ips}

    health = os.path.join(out_dir, "health.txt")
    if os.path.exists(health):
        with open(health) as f:
            res["problems"] = [l.rstrip("\n") for l in f if l.strip()]
    if not rounds:
        res["problems"].append("no measured rounds (did the VM run?)")
    return res


def scaling(res, meta):
    """The session-scaling curve: per configuration, tunnel/plain at its
    session count and ip6tnl/plain at its device count."""
    n = int(meta.get("bindings", 0) or 0)
    pts = []
    for cfg in ["1"] + meta.get("sizes", "").split() + ["N"]:
        conf = res["configs"].get(cfg, {})
        r = conf.get("ratios", {})
        sessions = n if cfg == "N" else int(cfg)
        if cfg == "1":
            devices = 1
        elif cfg == "N":
            devices = int(meta.get("tnl_devices", 0) or 0)
        else:
            devices = int(meta.get("tnl_devices_" + cfg, 0) or 0)
        pts.append({"config": cfg, "sessions": sessions,
                    "tunnel_plain": r.get("tunnel/plain"),
                    "ip6tnl_devices": devices if "ip6tnl/plain" in r else 0,
                    "ip6tnl_plain": r.get("ip6tnl/plain")})
    return pts


def fmt_spread(s, scale=1.0, digits=2):
    f = "%%.%df" % digits
    txt = (f % (s["median"] * scale)) + "  [" + (f % (s["min"] * scale)) + " - " + \
        (f % (s["max"] * scale)) + "]"
    if s["q1"] is not None:
        txt += "  IQR " + (f % (s["q1"] * scale)) + " - " + (f % (s["q3"] * scale))
    return txt


def render(res):
    m = res["meta"]
    lines = []
    w = lines.append
    n = int(m.get("bindings", 0))
    k = int(m.get("tnl_devices", 0))
    w("== kernel %s: %d rounds of %ss per contender, %s vCPUs (TCG)" %
      (res["kernel"], res["rounds"], m.get("secs", "?"), m.get("cpus", "?")))
    w("   64-byte IPv6/UDP packets (78-byte frames), pktgen netif_receive -> forward -> dummy")
    titles = [("1", "1 mobile node (1 binding / 1 ip6tnl device), 1 destination"
                    + ("; flows: %s rules, the last matching" % m["flows"] if "flows" in m else ""))]
    for z in m.get("sizes", "").split():
        kz = int(m.get("tnl_devices_" + z, 0) or 0)
        titles.append((z, "session scaling: %s tunnel bindings; ip6tnl: %s; traffic to %s of them, random"
                       % (z, "%d devices" % kz if kz else "not measured (%s devices is more than "
                          "the %d created in --tnl-secs / --tnl-max)" % (z, k), m.get("hot", "?"))))
    titles.append(("N", "%d bindings installed; ip6tnl: %d devices (see note); "
                        "traffic to %s of them, random" % (n, k, m.get("hot", "?"))))
    titles.append(("R", "%s mobile routers (/64 mobile network prefix bindings), traffic to the last one;\n"
                        "   mrflows: %s flow rules on its session, the last matching"
                        % (m.get("routers", "?"), m.get("router_flows", "?"))))
    titles.append(("L", "the correspondent's own send path (udpsend, sendmmsg, 16-byte UDP payloads,\n"
                        "   78-byte frames, 102 with the type 2 routing header), one destination"))
    for cfg, title in titles:
        conf = res["configs"].get(cfg)
        if not conf:
            continue
        desc = DESC_L if cfg == "L" else DESC
        if cfg == "1" and "tunnel4" in conf["contenders"]:
            title += ("\n   IPv4 (44-byte IPv4/UDP packets, 58-byte frames): 1 binding "
                      "(encap ipip, udp port 4191, or an IPv6 care-of address) / 1 ipip "
                      "device, against plain IPv4 forwarding")
        if cfg == "N" and "prefix" in conf["contenders"]:
            title += "\n   prefix: %d /64 prefix bindings, traffic to %s of them, random" % (
                n, m.get("hot", "?"))
        w("")
        w("-- " + title)
        w("   %-34s %-6s %s" % ("contender", "frame", "forwarded kpps: median [min - max]"))
        for c in CONTENDERS:
            e = conf["contenders"].get(c)
            if not e:
                continue
            w("   %-34s %-6s %s" % (desc[c], "%dB" % round(e["frame_bytes"]), fmt_spread(e["pps"], 1e-3, 1)))
        for c in conf.get("not_measured", []):
            w("   %-34s %-6s %s" % (desc.get(c, c), "", "not measured (see PROBLEMS or the title)"))
        w("   %-34s %-6s %s" % ("ratio (per round)", "", "median [min - max]  IQR"))
        for name, s in conf["ratios"].items():
            line = "   %-34s %-6s %s" % (name, "", fmt_spread(s))
            if name in GOALS:
                line += "  (goal >= %.2f)" % GOALS[name]
            w(line)
    t = res.get("tcp")
    if t:
        w("")
        w("-- TCP: iperf3 CN -> forwarding node -> MN's home address over veth, %ss a run, %d rounds"
          % (m.get("tcp_secs", "?"), t["rounds"]))
        w("   (MN decapsulates with an ip6tnl device in tunnel and ip6tnl; ACKs reverse-tunnelled)")
        w("   %-34s %-6s %s" % ("forwarding node", "", "Gbit/s: median [min - max]"))
        for c in TCP_CONTENDERS:
            e = t["contenders"].get(c)
            if e:
                w("   %-34s %-6s %s" % (DESC_TCP[c], "", fmt_spread(e["bps"], 1e-9, 3)))
            else:
                w("   %-34s %-6s %s" % (DESC_TCP[c], "", "not measured (see PROBLEMS)"))
        w("   %-34s %-6s %s" % ("ratio (per round)", "", "median [min - max]  IQR"))
        for name, sp in t["ratios"].items():
            w("   %-34s %-6s %s" % (name, "", fmt_spread(sp)))
    elif m.get("tcp_secs", "0") != "0":
        w("")
        w("-- TCP: not measured (see PROBLEMS)")
    w("")
    w("-- memory")
    for what in ("ipmob-tunnel", "ipmob-ro", "ipmob-prefix"):
        mm = res["memory"].get(what)
        if not mm:
            continue
        p = mm["per_item"]
        w("   %s, %d bindings: %d B/binding in the ipmob_binding slab (object %d B);"
          % (what, mm["count"], round(p.get("binding_slab_pages_bytes", 0)), mm.get("objsize", 0)))
        w("      all slab %d B, vmalloc %d B, MemFree drop %d B per binding"
          % (round(p["slab_bytes"]), round(p["vmalloc_bytes"]), round(p["memfree_bytes"])))
    ms = res.get("memory_split")
    if ms:
        w("   per session %d B of slab + vmalloc (an RO binding: no endpoint), per endpoint %d B"
          % (round(ms["session_bytes"]), round(ms["endpoint_bytes"])))
        w("      (tunnel's per binding less RO's: each tunnel binding has an endpoint of its own)")
    mm = res["memory"].get("ip6tnl")
    if mm:
        p = mm["per_item"]
        w("   ip6tnl, %d devices: slab %d B, percpu %d B, MemFree drop %d B per device"
          % (mm["count"], round(p["slab_bytes"]), round(p["percpu_bytes"]), round(p["memfree_bytes"])))
    mm = res["memory"].get("flow-rules")
    if mm:
        p = mm["per_item"]
        w("   flow rules, %d on one session: %d B/rule of slab + vmalloc (slab %d B, vmalloc %d B),"
          " MemFree drop %d B per rule"
          % (mm["count"], round(p["slab_vmalloc_bytes"]), round(p["slab_bytes"]),
             round(p["vmalloc_bytes"]), round(p["memfree_bytes"])))
    w("")
    w("-- set-up")
    for mode in ("tunnel", "ro"):
        if "add_secs_" + mode in m:
            w("   ipmob -b: %d %s bindings in %ss" % (n, mode, m["add_secs_" + mode]))
    if "add_secs_prefix" in m:
        w("   ipmob -b: %d /64 prefix bindings in %ss" % (n, m["add_secs_prefix"]))
    ips = res.get("setup", {}).get("installs_per_s")
    if ips:
        w("   bindings installed per second (one ipmob -b batch of %d): %s"
          % (n, ", ".join("%s %.0f/s" % (mode, v) for mode, v in ips.items())))
    if "add_secs_flows" in m:
        w("   ipmob -batch: %s flow rules on one session in %ss" % (m.get("flows", "?"), m["add_secs_flows"]))
    if k:
        rate = float(m.get("tnl_last_rate", 0) or 0)
        line = "   ip6tnl: %d devices (+ route) in %ss, last batch %.0f/s" % (k, m.get("tnl_secs", "?"), rate)
        if k < n and rate > 0:
            line += "; %d would take >= %.0f min more at that rate" % (n, (n - k) / rate / 60)
        w(line)
        if k < n:
            w("   note: the ip6tnl column of the second table has %d devices, not %d" % (k, n))
    if "teardown_secs" in m:
        if "ipmob_namespaces" in m:
            nf = m.get("flows", "?")
            if "router_flows" in m and "flows" in m:
                nf = int(m["flows"]) + int(m["router_flows"])
            w("   deleting the %s ipmob namespaces (%s bindings, %s flow rules), then rmmod: %ss"
              % (m["ipmob_namespaces"], m.get("ipmob_bindings", "?"), nf,
                 m["teardown_secs"]))
        elif "flows" in m:
            w("   deleting the five ipmob namespaces (%d bindings, %s flow rules), then rmmod: %ss"
              % (2 * n + 3, m["flows"], m["teardown_secs"]))
        else:
            w("   deleting the four ipmob namespaces (%d bindings), then rmmod: %ss"
              % (2 * n + 2, m["teardown_secs"]))
    if "flow_packets" in m:
        w("   flows-1 rule counters (the last rule, all others, tx_flow): %s" % m["flow_packets"])
    if "router_flow_packets" in m:
        w("   mrflows-R rule counters (the last rule, all others, tx_flow): %s" % m["router_flow_packets"])
    if "add_secs_router_flows" in m:
        w("   ipmob -batch: %s flow rules on one router's session in %ss"
          % (m.get("router_flows", "?"), m["add_secs_router_flows"]))
    if "hot_tx" in m:
        w("   tunnel-N packets per hot binding (first, last, first not hot): %s" % m["hot_tx"])
    if "hot_tx_prefix" in m:
        w("   prefix-N packets per hot prefix (first, last, first not hot): %s" % m["hot_tx_prefix"])
    w("")
    if res["problems"]:
        w("-- PROBLEMS")
        for p in res["problems"]:
            w("   " + p)
    else:
        w("-- health: no drops, no lost packets, no kernel warnings")
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) >= 3 and argv[1] == "--combine":
        out = argv[2]
        allres, text = [], ""
        for d in argv[3:]:
            p = os.path.join(d, "summary.json")
            if os.path.exists(p):
                with open(p) as f:
                    allres.append(json.load(f))
                with open(os.path.join(d, "report.txt")) as f:
                    text += f.read() + "\n"
        with open(os.path.join(out, "summary.json"), "w") as f:
            json.dump(allres, f, indent=1, sort_keys=True)
        with open(os.path.join(out, "summary.txt"), "w") as f:
            f.write(text)
        return 0
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    d = argv[1]
    res = analyse(d)
    text = render(res)
    with open(os.path.join(d, "summary.json"), "w") as f:
        json.dump(res, f, indent=1, sort_keys=True)
    with open(os.path.join(d, "report.txt"), "w") as f:
        f.write(text)
    sys.stdout.write(text)
    return 1 if res["problems"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
