#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Check that Documentation/netlink/specs/ipmob.yaml matches
uapi/linux/ipmob.h: every enum member and attribute (names and values),
every constant, the family name and the multicast group, plus the
attribute types the header states in its comments.

The C names are derived from the spec the way the kernel's YNL
generator derives them (genetlink protocol):
  definitions, enum NAME: enum <family>_<NAME> (or its enum-name),
      members <FAMILY>_<NAME>_<ENTRY> (or <name-prefix><ENTRY>), values
      from value-start (default 0), render-max adds __<PREFIX>MAX /
      <PREFIX>MAX
  definitions, const NAME: #define <FAMILY>_<NAME>
  attribute-sets: enum <enum-name>, members <name-prefix><ATTR>, values
      from 1 unless given, plus __<PREFIX>MAX / <PREFIX>MAX
  operations: the same with the operations' name-prefix / enum-name
  mcast-groups: #define <FAMILY>_MCGRP_<NAME> "<name>"

Usage: check_spec.py HEADER SPEC [--self-test]
Prints "N passed, N failed" last; exits 1 on any mismatch.
"""

import copy
import re
import sys

try:
    import yaml
except ImportError:
    sys.stderr.write("check_spec.py: python3-yaml is missing "
                     "(apt-get install python3-yaml)\n")
    sys.exit(2)


def c_name(s):
    return s.upper().replace("-", "_")


# ---------------------------------------------------------------- header

def strip_comments(text):
    return re.sub(r"/\*.*?\*/", " ", text, flags=re.S)


def parse_header(text):
    """Returns (enums, defines, comments):
    enums: {enum name: [(member, value), ...]} in order,
    defines: {name: int or str},
    comments: {member: first word of its trailing comment}."""
    comments = {}
    for m in re.finditer(r"^[ \t]*(\w+)[ \t]*(?:=[^,\n]*)?,[ \t]*/\*[ \t]*(\w+)",
                         text, flags=re.M):
        comments[m.group(1)] = m.group(2)

    enums = {}
    body_text = strip_comments(text)
    for m in re.finditer(r"enum\s+(\w+)\s*\{(.*?)\}\s*;", body_text, flags=re.S):
        name, body = m.group(1), m.group(2)
        members, known, nxt = [], {}, 0
        for item in body.split(","):
            item = item.strip()
            if not item:
                continue
            mm = re.match(r"^(\w+)\s*(?:=\s*(.+))?$", item, flags=re.S)
            if not mm:
                raise ValueError("cannot parse enum %s member %r" % (name, item))
            member, expr = mm.group(1), mm.group(2)
            if expr is not None:
                expr = expr.strip()
                for k, v in known.items():
                    expr = re.sub(r"\b%s\b" % re.escape(k), str(v), expr)
                if not re.match(r"^[0-9x+\-() ]+$", expr):
                    raise ValueError("enum %s: cannot evaluate %r" % (name, expr))
                value = int(eval(expr, {"__builtins__": {}}))  # digits only
            else:
                value = nxt
            known[member] = value
            members.append((member, value))
            nxt = value + 1
        enums[name] = members

    defines = {}
    for m in re.finditer(r"^#define[ \t]+(\w+)[ \t]+(.+?)[ \t]*(?:/\*.*)?$",
                         text, flags=re.M):
        name, val = m.group(1), m.group(2).strip()
        if val.startswith('"') and val.endswith('"'):
            defines[name] = val[1:-1]
        elif re.match(r"^(0x[0-9a-fA-F]+|\d+)[uU]?$", val):
            defines[name] = int(val.rstrip("uU"), 0)
    return enums, defines, comments


# ---------------------------------------------------------------- spec

def spec_enums(spec):
    """Returns a list of (source label, enum name, [(member, value)],
    max names or None, {member: spec type})."""
    fam = c_name(spec["name"])
    out = []
    for d in spec.get("definitions", []):
        if d["type"] != "enum":
            continue
        # YNL: name-prefix and enum-name may name them otherwise
        prefix = c_name(d.get("name-prefix", "%s-%s-" % (spec["name"], d["name"])))
        ename = d.get("enum-name", spec["name"].replace("-", "_") + "_" +
                      d["name"].replace("-", "_"))
        value = d.get("value-start", 0)
        members = []
        for e in d.get("entries", []):
            if isinstance(e, dict):
                value = e.get("value", value)
                e = e["name"]
            members.append((prefix + c_name(e), value))
            value += 1
        maxes = None
        if d.get("render-max"):
            maxes = ("__" + prefix + "MAX", prefix + "MAX")
        out.append(("definitions/" + d["name"], ename, members, maxes, {}))

    for s in spec.get("attribute-sets", []):
        prefix = c_name(s.get("name-prefix", "%s-a-%s-" % (spec["name"], s["name"])))
        ename = s.get("enum-name", "%s_%s_attrs" % (spec["name"], s["name"]))
        value, members, types = 1, [], {}
        for a in s["attributes"]:
            value = a.get("value", value)
            cname = prefix + c_name(a["name"])
            members.append((cname, value))
            types[cname] = a
            value += 1
        out.append(("attribute-sets/" + s["name"], ename, members,
                    ("__" + prefix + "MAX", prefix + "MAX"), types))

    ops = spec["operations"]
    prefix = c_name(ops.get("name-prefix", spec["name"] + "-cmd-"))
    ename = ops.get("enum-name", spec["name"] + "_cmd")
    value, members = 1, []
    for o in ops["list"]:
        value = o.get("value", value)
        members.append((prefix + c_name(o["name"]), value))
        value += 1
    out.append(("operations", ename, members,
                ("__" + prefix + "MAX", prefix + "MAX"), {}))
    return out


# ---------------------------------------------------------------- checks

class Checker:
    def __init__(self, quiet=False):
        self.passed = 0
        self.failed = 0
        self.quiet = quiet

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            if not self.quiet:
                print("MISMATCH: " + what)


# header comment word -> predicate on the spec attribute
TYPE_WORDS = {
    "u8": lambda a: a["type"] == "u8",
    "u16": lambda a: a["type"] == "u16",
    "u32": lambda a: a["type"] == "u32",
    "u64": lambda a: a["type"] == "u64",
    "string": lambda a: a["type"] == "string",
    "nest": lambda a: a["type"] == "nest",
    "in6_addr": lambda a: (a["type"] == "binary" and
                           a.get("display-hint") == "ipv6" and
                           a.get("checks", {}).get("exact-len") == 16),
    "in_addr": lambda a: (a["type"] == "u32" and
                          a.get("byte-order") == "big-endian" and
                          a.get("display-hint") == "ipv4"),
}


def compare(header_text, spec, quiet=False):
    c = Checker(quiet)
    enums, defines, comments = parse_header(header_text)
    fam = c_name(spec["name"])
    covered_enums = set()

    for label, ename, members, maxes, types in spec_enums(spec):
        hdr = enums.get(ename)
        c.check(hdr is not None, "%s: header has no enum %s" % (label, ename))
        if hdr is None:
            continue
        covered_enums.add(ename)
        hdr_members = [(n, v) for n, v in hdr
                       if not (maxes and n in maxes)]
        hmap = dict(hdr_members)
        smap = dict(members)
        for n, v in members:
            c.check(n in hmap, "%s: %s is not in enum %s" % (label, n, ename))
            if n in hmap:
                c.check(hmap[n] == v, "%s: %s = %d in the spec, %d in the header"
                        % (label, n, v, hmap[n]))
        for n, v in hdr_members:
            c.check(n in smap, "%s: enum %s member %s is not in the spec"
                    % (label, ename, n))
        c.check([n for n, _ in hdr_members] == [n for n, _ in members]
                or not all(n in hmap for n, _ in members),
                "%s: member order differs from enum %s" % (label, ename))
        if maxes:
            hm = dict(hdr)
            last = members[-1][1] if members else 0
            c.check(hm.get(maxes[0]) == last + 1,
                    "%s: %s should be %d" % (label, maxes[0], last + 1))
            c.check(hm.get(maxes[1]) == last,
                    "%s: %s should be %d" % (label, maxes[1], last))
        else:
            extra = [n for n, _ in hdr if n.endswith("_MAX")]
            c.check(not extra, "%s: header has %s but the spec has no render-max"
                    % (label, ", ".join(extra)))
        # types the header states in its comments
        for n, a in types.items():
            word = comments.get(n)
            if word in TYPE_WORDS:
                c.check(TYPE_WORDS[word](a),
                        "%s: %s is %s in the header, %s in the spec"
                        % (label, n, word, a["type"]))
            elif n.endswith("_UNSPEC"):
                c.check(a["type"] == "unused", "%s: %s should be unused" % (label, n))
            elif n.endswith("_PAD"):
                c.check(a["type"] == "pad", "%s: %s should be pad" % (label, n))

    for ename in enums:
        c.check(ename in covered_enums, "header enum %s is not in the spec" % ename)

    # constants, family name, multicast groups
    spec_defines = {}
    for d in spec.get("definitions", []):
        if d["type"] == "const":
            spec_defines[fam + "_" + c_name(d["name"])] = d["value"]
    for g in spec.get("mcast-groups", {}).get("list", []):
        spec_defines[fam + "_MCGRP_" + c_name(g["name"])] = g["name"]
    spec_defines[fam + "_GENL_NAME"] = spec["name"]
    for n, v in spec_defines.items():
        c.check(n in defines, "spec defines %s, the header does not" % n)
        if n in defines:
            c.check(defines[n] == v, "%s is %r in the spec, %r in the header"
                    % (n, v, defines[n]))
    for n in defines:
        if n.startswith(fam + "_") and not n.startswith("_"):
            c.check(n in spec_defines, "header #define %s is not in the spec" % n)

    # internal references of the spec
    sets = {s["name"]: s for s in spec.get("attribute-sets", [])}
    enum_defs = {d["name"] for d in spec.get("definitions", [])
                 if d["type"] in ("enum", "flags")}
    groups = {g["name"] for g in spec.get("mcast-groups", {}).get("list", [])}
    for s in sets.values():
        for a in s["attributes"]:
            if a["type"] == "nest":
                c.check(a.get("nested-attributes") in sets,
                        "%s.%s: unknown nested-attributes %r"
                        % (s["name"], a["name"], a.get("nested-attributes")))
            if "enum" in a:
                c.check(a["enum"] in enum_defs, "%s.%s: unknown enum %r"
                        % (s["name"], a["name"], a["enum"]))
    for want in (("ipmob", "binding"), ("binding", "coa")):
        a = [x for x in sets.get(want[0], {"attributes": []})["attributes"]
             if x["name"] == want[1]]
        c.check(a and a[0].get("multi-attr") is True,
                "%s.%s must be multi-attr" % want)
    for o in spec["operations"]["list"]:
        aset = sets.get(o.get("attribute-set"), {"attributes": []})
        names = {a["name"] for a in aset["attributes"]}
        for kind in ("do", "dump"):
            for part in ("request", "reply"):
                for a in o.get(kind, {}).get(part, {}).get("attributes", []):
                    c.check(a in names, "operation %s %s %s: unknown attribute %r"
                            % (o["name"], kind, part, a))
        for a in o.get("event", {}).get("attributes", []):
            c.check(a in names, "operation %s event: unknown attribute %r"
                    % (o["name"], a))
        if "mcgrp" in o:
            c.check(o["mcgrp"] in groups, "operation %s: unknown mcgrp %r"
                    % (o["name"], o["mcgrp"]))
    return c


def mutations(spec):
    """Spec variants that must all fail the comparison."""
    def stat_def(s):
        return [d for d in s["definitions"] if d.get("name") == "stat"][0]

    def aset(s, name):
        return [x for x in s["attribute-sets"] if x["name"] == name][0]

    def m1(s):  # a renamed counter
        stat_def(s)["entries"][3] = "tx-ro-rh3"

    def m2(s):  # a counter missing at the end
        stat_def(s)["entries"].pop()

    def m3(s):  # a shifted value
        aset(s, "binding")["attributes"][2]["value"] = 7

    def m4(s):  # a wrong type
        aset(s, "binding")["attributes"][5]["type"] = "u16"

    def m5(s):  # a wrong constant
        [d for d in s["definitions"] if d.get("name") == "max-coa"][0]["value"] = 9

    def m6(s):  # two operations swapped
        lst = s["operations"]["list"]
        lst[1], lst[2] = lst[2], lst[1]

    def m7(s):  # multi-attr dropped
        aset(s, "coa")  # exists
        for a in aset(s, "ipmob")["attributes"]:
            if a["name"] == "binding":
                del a["multi-attr"]

    def m8(s):  # group renamed
        s["mcast-groups"]["list"][0]["name"] = "event"

    def m9(s):  # address without ipv6 hint
        del aset(s, "coa")["attributes"][1]["display-hint"]

    def m10(s):  # an extra attribute the header lacks
        aset(s, "coa")["attributes"].append({"name": "weight", "type": "u8"})

    def m11(s):  # an IPv4 address in host order
        for a in aset(s, "binding")["attributes"]:
            if a["name"] == "hoa4":
                del a["byte-order"]

    def m12(s):  # an IPv4 address with the IPv6 hint
        for a in aset(s, "coa")["attributes"]:
            if a["name"] == "addr4":
                a["display-hint"] = "ipv6"

    for fn in (m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12):
        s = copy.deepcopy(spec)
        fn(s)
        yield fn.__name__, s


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: check_spec.py HEADER SPEC [--self-test]\n")
        return 2
    with open(argv[1]) as f:
        header = f.read()
    with open(argv[2]) as f:
        spec = yaml.safe_load(f)

    c = compare(header, spec)
    if "--self-test" in argv[3:]:
        # the checker must catch each of these
        for name, s in mutations(spec):
            r = compare(header, s, quiet=True)
            c.check(r.failed > 0, "self-test: mutation %s was not detected" % name)
    print("%d passed, %d failed" % (c.passed, c.failed))
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
