#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Check the netlink policies of kernel/netlink.c against
Documentation/netlink/specs/ipmob.yaml, attribute by attribute.

Every `static const struct nla_policy NAME[X_MAX + 1]` array of the
kernel source belongs to the attribute set whose name-prefix gives X_MAX
(ipmob_policy: ipmob-a-, ipmob_binding_policy: ipmob-ba-, ...). Each
attribute of the set is compared with the policy entry the kernel's YNL
generator (tools/net/ynl/ynl-gen-c.py) would render from the spec:

  u8/u16/u32/u64, s*    NLA_U8 ... NLA_S64; with byte-order big-endian
                        u16/u32 are NLA_BE16/NLA_BE32 (an in_addr is
                        u32 big-endian, display-hint ipv4)
  checks min / max      NLA_POLICY_RANGE (both), NLA_POLICY_MIN,
                        NLA_POLICY_MAX; an attribute with "enum" gets
                        the enum's range unless checks say otherwise
                        (min only when the enum does not start at 0)
  string                NLA_NUL_STRING (NLA_STRING with unterminated-ok),
                        .len = checks max-len
  binary                NLA_BINARY; checks exact-len, min-len, max-len:
                        NLA_POLICY_EXACT_LEN / _MIN_LEN / _MAX_LEN (an
                        in6_addr is binary, exact-len 16, display-hint
                        ipv6)
  nest                  NLA_POLICY_NESTED(the policy of its
                        nested-attributes set)
  flag                  NLA_FLAG
  unused, pad           no entry (deliberately absent)

Read-only attributes (the kernel sends them, never takes them) have
{ .type = NLA_REJECT }. The rule for the spec:
  - in the operations' attribute set (the family's top-level policy) an
    attribute is read-only when no operation lists it in a do or dump
    request;
  - in a nested set (shared by every operation, as YNL renders nested
    policies) an attribute is read-only when its doc starts with
    "Read-only".
A read-only attribute must be NLA_REJECT, any other must have the entry
above. A set without a policy array is fine only if no accepted
attribute nests it (the kernel never parses it: stats).

Per operation (genl_ops of the kernel, by .cmd): a spec "do" needs a
.doit, a "dump" a .dumpit, and the kernel has neither for an operation
the spec gives only as an event; the flags (admin-perm,
uns-admin-perm) match; every attribute of a do or dump request is
accepted by the policy the operation uses (its .policy, else the
family's).

Constants are taken from the uapi header (enums and #defines), plus
sizeof(struct in6_addr) = 16, sizeof(struct in_addr) = 4, IFNAMSIZ = 16.

Usage: check_policy.py NETLINK_C HEADER SPEC [--self-test]
Prints "N passed, N failed" last; exits 1 on any mismatch.
"""

import copy
import re
import sys

try:
    import yaml
except ImportError:
    sys.stderr.write("check_policy.py: python3-yaml is missing "
                     "(apt-get install python3-yaml)\n")
    sys.exit(2)


def c_name(s):
    return s.upper().replace("-", "_")


# ---------------------------------------------------------------- C

def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def header_constants(text):
    """{name: int} of the header's enums and numeric #defines."""
    consts = {}
    for m in re.finditer(r"^#define[ \t]+(\w+)[ \t]+(0x[0-9a-fA-F]+|\d+)[uU]?\b",
                         text, flags=re.M):
        consts[m.group(1)] = int(m.group(2), 0)
    body_text = strip_comments(text)
    for m in re.finditer(r"enum\s+\w+\s*\{(.*?)\}\s*;", body_text, flags=re.S):
        nxt = 0
        for item in m.group(1).split(","):
            item = item.strip()
            if not item:
                continue
            mm = re.match(r"^(\w+)\s*(?:=\s*(.+))?$", item, flags=re.S)
            if not mm:
                continue
            if mm.group(2) is not None:
                nxt = evaluate(mm.group(2), consts)
            consts[mm.group(1)] = nxt
            nxt += 1
    return consts


SIZES = {
    "struct in6_addr": 16,
    "struct in_addr": 4,
    "__be32": 4,
    "__be16": 2,
    "u8": 1, "u16": 2, "u32": 4, "u64": 8,
}
KERNEL_CONSTS = {"IFNAMSIZ": 16, "GENL_NAMSIZ": 16, "ETH_ALEN": 6}


def evaluate(expr, consts):
    """An integer C expression of constants, sizeof and + - * / ( )."""
    e = expr.strip()
    e = re.sub(r"sizeof\s*\(\s*([^)]*?)\s*\)",
               lambda m: str(SIZES[re.sub(r"\s+", " ", m.group(1))])
               if re.sub(r"\s+", " ", m.group(1)) in SIZES
               else "!" + m.group(1), e)
    e = re.sub(r"\b(\d+)[uU][lL]*\b", r"\1", e)

    def name(m):
        n = m.group(0)
        if n in consts:
            return str(consts[n])
        if n in KERNEL_CONSTS:
            return str(KERNEL_CONSTS[n])
        raise ValueError("unknown constant %s in %r" % (n, expr))
    e = re.sub(r"\b[A-Za-z_]\w*\b", name, e)
    if not re.match(r"^[0-9x+\-*/() ]+$", e):
        raise ValueError("cannot evaluate %r" % expr)
    return int(eval(e.replace("/", "//"), {"__builtins__": {}}))  # digits only


def split_top(s, sep=","):
    """Split s at sep outside parentheses and braces."""
    out, depth, cur = [], 0, ""
    for ch in s:
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        if ch == sep and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur)
    return [x.strip() for x in out if x.strip()]


def initializer(text, start):
    """The text between the brace at text[start] and its match."""
    assert text[start] == "{"
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1:i]
    raise ValueError("unbalanced braces")


def designated(body):
    """{field: value text} of a ".field = value, ..." initializer."""
    fields = {}
    for item in split_top(body):
        m = re.match(r"^\.(\w+)\s*=\s*(.+)$", item, flags=re.S)
        if not m:
            raise ValueError("cannot parse initializer item %r" % item)
        fields[m.group(1)] = m.group(2).strip()
    return fields


def policy_entry(value, consts):
    """A policy entry as a dict: type, and min, max, exact_len, min_len,
    max_len, nested, mask, validate as the entry has them."""
    value = value.strip()
    m = re.match(r"^(NLA_POLICY_\w+)\s*\((.*)\)$", value, flags=re.S)
    if m:
        macro, args = m.group(1), split_top(m.group(2))
        ev = lambda x: evaluate(x, consts)  # noqa: E731
        if macro in ("NLA_POLICY_EXACT_LEN", "NLA_POLICY_EXACT_LEN_WARN"):
            e = {"type": "NLA_BINARY", "exact_len": ev(args[0])}
            if macro.endswith("_WARN"):
                e["warn"] = True
            return e
        if macro == "NLA_POLICY_MIN_LEN":
            return {"type": "NLA_BINARY", "min_len": ev(args[0])}
        if macro == "NLA_POLICY_MAX_LEN":
            return {"type": "NLA_BINARY", "max_len": ev(args[0])}
        if macro == "NLA_POLICY_RANGE":
            return {"type": args[0], "min": ev(args[1]), "max": ev(args[2])}
        if macro == "NLA_POLICY_MIN":
            return {"type": args[0], "min": ev(args[1])}
        if macro == "NLA_POLICY_MAX":
            return {"type": args[0], "max": ev(args[1])}
        if macro == "NLA_POLICY_MASK":
            return {"type": args[0], "mask": ev(args[1])}
        if macro in ("NLA_POLICY_NESTED", "NLA_POLICY_NESTED_ARRAY"):
            return {"type": "NLA_NESTED" if macro == "NLA_POLICY_NESTED"
                    else "NLA_NESTED_ARRAY", "nested": args[0]}
        if macro == "NLA_POLICY_VALIDATE_FN":
            return {"type": args[0], "validate": args[1]}
        raise ValueError("unsupported policy macro %s" % macro)
    if value.startswith("{"):
        f = designated(initializer(value, 0))
        if "type" not in f:
            raise ValueError("policy entry without .type: %r" % value)
        e = {"type": f.pop("type")}
        if "len" in f:
            ln = evaluate(f.pop("len"), consts)
            if e["type"] in ("NLA_NUL_STRING", "NLA_STRING", "NLA_BINARY"):
                e["max_len"] = ln
            else:
                e["len"] = ln
        for k in ("min", "max"):
            if k in f:
                e[k] = evaluate(f.pop(k), consts)
        f.pop("validation_type", None)
        if f:
            raise ValueError("unsupported policy fields %s" % ", ".join(sorted(f)))
        return e
    raise ValueError("cannot parse policy entry %r" % value)


def parse_kernel(text, consts):
    """Returns (policies, ops, family):
    policies: {array name: (size expression, {index name: entry})},
    ops: {cmd name: {field: value}},
    family: {field: value} of the struct genl_family initializer."""
    text = strip_comments(text)
    policies = {}
    for m in re.finditer(r"static\s+const\s+struct\s+nla_policy\s+(\w+)\s*"
                         r"\[([^\]]*)\]\s*=\s*\{", text):
        body = initializer(text, m.end() - 1)
        entries = {}
        for item in split_top(body):
            mm = re.match(r"^\[\s*(\w+)\s*\]\s*=\s*(.+)$", item, flags=re.S)
            if not mm:
                raise ValueError("%s: cannot parse %r" % (m.group(1), item))
            entries[mm.group(1)] = policy_entry(mm.group(2), consts)
        policies[m.group(1)] = (m.group(2).strip(), entries)

    ops = {}
    for m in re.finditer(r"struct\s+genl_(?:small_)?ops\s+\w+\s*\[\s*\]\s*"
                         r"(?:__\w+\s*)*=\s*\{", text):
        body = initializer(text, m.end() - 1)
        for item in split_top(body):
            f = designated(initializer(item, item.index("{")))
            ops[f.get("cmd", "?")] = f

    family = {}
    m = re.search(r"struct\s+genl_family\s+\w+\s*(?:__\w+\s*)*=\s*\{", text)
    if m:
        family = designated(initializer(text, m.end() - 1))
    return policies, ops, family


# ---------------------------------------------------------------- spec

def doc_read_only(a):
    return re.match(r"^\s*read-only\b", a.get("doc", ""), flags=re.I) is not None


def request_attrs(spec):
    """{attribute name: [operation/kind, ...]} of every do/dump request."""
    req = {}
    for o in spec["operations"]["list"]:
        for kind in ("do", "dump"):
            for a in o.get(kind, {}).get("request", {}).get("attributes", []):
                req.setdefault(a, []).append("%s %s" % (o["name"], kind))
    return req


def enum_range(spec, name):
    """(low, high) of a definitions enum whose values are contiguous,
    else None (YNL then renders a validation function)."""
    for d in spec.get("definitions", []):
        if d["name"] != name:
            continue
        if d["type"] == "flags":
            return None
        value, values = d.get("value-start", 0), []
        for e in d.get("entries", []):
            if isinstance(e, dict):
                value = e.get("value", value)
            values.append(value)
            value += 1
        if not values or sorted(values) != list(range(min(values), max(values) + 1)):
            return None
        return min(values), max(values)
    raise ValueError("unknown enum %r" % name)


def spec_const(spec, v):
    if isinstance(v, int):
        return v
    for d in spec.get("definitions", []):
        if d["type"] == "const" and d["name"] == v:
            return d["value"]
    raise ValueError("unknown constant %r in checks" % v)


def expected_entry(spec, a, set_policy):
    """The entry YNL would render for spec attribute a (a dict as
    policy_entry() returns), or None for no entry."""
    t = a["type"]
    checks = a.get("checks", {})
    if t in ("unused", "pad"):
        return None
    if t in ("u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "uint", "sint"):
        pt = "NLA_" + t.upper()
        if a.get("byte-order") == "big-endian" and t in ("u16", "u32"):
            pt = "NLA_BE" + t[1:]
        e = {"type": pt}
        lo = checks.get("min")
        hi = checks.get("max")
        if "enum" in a and not a.get("enum-as-flags"):
            r = enum_range(spec, a["enum"])
            if r is None:
                e["validate"] = "(sparse enum %s)" % a["enum"]
                return e
            if lo is None and (r[0] != 0 or t[0] == "s"):
                lo = r[0]
            if hi is None:
                hi = r[1]
        if lo is not None:
            e["min"] = spec_const(spec, lo)
        if hi is not None:
            e["max"] = spec_const(spec, hi)
        return e
    if t == "string":
        if "exact-len" in checks:
            return {"type": "NLA_BINARY",
                    "exact_len": spec_const(spec, checks["exact-len"])}
        e = {"type": "NLA_STRING" if checks.get("unterminated-ok")
             else "NLA_NUL_STRING"}
        if "max-len" in checks:
            e["max_len"] = spec_const(spec, checks["max-len"])
        return e
    if t == "binary":
        e = {"type": "NLA_BINARY"}
        for k in ("exact-len", "min-len", "max-len"):
            if k in checks:
                e[k.replace("-", "_")] = spec_const(spec, checks[k])
        return e
    if t == "nest":
        return {"type": "NLA_NESTED",
                "nested": set_policy.get(a.get("nested-attributes"), "?")}
    if t == "flag":
        return {"type": "NLA_FLAG"}
    raise ValueError("attribute type %r not supported" % t)


def fmt(e):
    if e is None:
        return "no entry"
    if e.get("type") == "NLA_REJECT":
        return "NLA_REJECT"
    return "{" + ", ".join("%s %s" % (k, e[k]) for k in sorted(e)) + "}"


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


OP_FLAGS = {"admin-perm": "GENL_ADMIN_PERM",
            "uns-admin-perm": "GENL_UNS_ADMIN_PERM"}


def compare(kernel_text, header_text, spec, quiet=False):
    c = Checker(quiet)
    consts = header_constants(header_text)
    try:
        policies, ops, family = parse_kernel(kernel_text, consts)
    except (ValueError, KeyError) as e:
        c.check(False, "kernel source: %s" % e)
        return c

    sets = {s["name"]: s for s in spec["attribute-sets"]}
    prefix = {}
    for s in sets.values():
        prefix[s["name"]] = c_name(s.get("name-prefix",
                                         "%s-a-%s-" % (spec["name"], s["name"])))

    # which set each policy array is for: its size is <PREFIX>MAX + 1
    policy_set, set_policy = {}, {}
    for pname, (size, _) in policies.items():
        m = re.match(r"^(\w+)MAX\s*\+\s*1$", size)
        owner = [s for s, p in prefix.items() if m and p == m.group(1)]
        c.check(len(owner) == 1, "policy %s[%s]: no attribute set has that "
                "maximum" % (pname, size))
        if len(owner) == 1:
            c.check(owner[0] not in set_policy, "attribute set %s has two "
                    "policies, %s and %s" % (owner[0], set_policy.get(owner[0]),
                                             pname))
            policy_set[pname] = owner[0]
            set_policy[owner[0]] = pname

    top_set = next((o["attribute-set"] for o in spec["operations"]["list"]
                    if o.get("attribute-set")), None)
    fam_policy = family.get("policy")
    c.check(fam_policy == set_policy.get(top_set),
            "genl_family .policy is %s, the policy of the operations' set %s "
            "is %s" % (fam_policy, top_set, set_policy.get(top_set)))
    if "maxattr" in family:
        c.check(family["maxattr"] == prefix.get(top_set, "?") + "MAX",
                "genl_family .maxattr is %s, not %sMAX"
                % (family["maxattr"], prefix.get(top_set, "?")))

    requests = request_attrs(spec)

    def read_only(sname, a):
        if sname == top_set:
            return a["name"] not in requests
        return doc_read_only(a)

    # every set: attribute by attribute
    accepted_nests = set()
    for sname, s in sets.items():
        pname = set_policy.get(sname)
        if pname is None:
            continue
        entries = dict(policies[pname][1])
        for a in s["attributes"]:
            cname = prefix[sname] + c_name(a["name"])
            got = entries.pop(cname, None)
            where = "%s.%s (%s in %s)" % (sname, a["name"], cname, pname)
            if a["type"] in ("unused", "pad"):
                c.check(got is None, "%s: %s attribute has a policy entry, %s"
                        % (where, a["type"], fmt(got)))
                continue
            if read_only(sname, a):
                c.check(got is not None and got["type"] == "NLA_REJECT",
                        "%s: read-only in the spec (%s), the kernel has %s"
                        % (where, "in no request" if sname == top_set
                           else "doc says Read-only", fmt(got)))
                continue
            if got is None:
                c.check(False, "%s: no policy entry (the kernel refuses it "
                        "as unsupported)" % where)
                continue
            if got["type"] == "NLA_REJECT":
                c.check(False, "%s: the kernel rejects it (NLA_REJECT) but "
                        "the spec %s" % (where, "lists it in " +
                                         ", ".join(requests[a["name"]])
                                         if sname == top_set else
                                         "does not say Read-only"))
                continue
            try:
                want = expected_entry(spec, a, set_policy)
            except ValueError as e:
                c.check(False, "%s: %s" % (where, e))
                continue
            if want["type"] == "NLA_NESTED" and got["type"] == "NLA_NESTED":
                accepted_nests.add(a.get("nested-attributes"))
            diff = [k for k in sorted(set(want) | set(got))
                    if want.get(k) != got.get(k)]
            c.check(not diff, "%s: the kernel has %s, the spec gives %s "
                    "(%s differ)" % (where, fmt(got), fmt(want),
                                     ", ".join(diff)))
        for cname, got in entries.items():
            c.check(False, "%s: entry [%s] = %s is not an attribute of set %s"
                    % (pname, cname, fmt(got), sname))

    for sname in sets:
        if sname in set_policy:
            continue
        c.check(sname not in accepted_nests and sname != top_set,
                "attribute set %s has no policy, yet the kernel accepts it"
                % sname)

    # operations
    cmd_prefix = c_name(spec["operations"].get("name-prefix",
                                               spec["name"] + "-cmd-"))
    seen_cmds = set()
    for o in spec["operations"]["list"]:
        if o["name"] == "unspec":
            continue
        cmd = cmd_prefix + c_name(o["name"])
        k = ops.get(cmd)
        seen_cmds.add(cmd)
        has_do, has_dump = "do" in o, "dump" in o
        c.check(has_do == bool(k and "doit" in k),
                "operation %s: %s in the spec, %s .doit in the kernel"
                % (o["name"], "do" if has_do else "no do",
                   "a" if k and "doit" in k else "no"))
        c.check(has_dump == bool(k and "dumpit" in k),
                "operation %s: %s in the spec, %s .dumpit in the kernel"
                % (o["name"], "dump" if has_dump else "no dump",
                   "a" if k and "dumpit" in k else "no"))
        if k:
            kflags = set(x.strip() for x in k.get("flags", "0").split("|")
                         if x.strip() != "0")
            sflags = set(OP_FLAGS.get(f, "?" + f) for f in o.get("flags", []))
            c.check(kflags == sflags, "operation %s: flags %s in the kernel, "
                    "%s from the spec" % (o["name"], sorted(kflags) or "none",
                                          sorted(sflags) or "none"))
        pname = (k or {}).get("policy", fam_policy)
        entries = policies.get(pname, ("", {}))[1]
        pset = policy_set.get(pname, top_set)
        for kind in ("do", "dump"):
            for a in o.get(kind, {}).get("request", {}).get("attributes", []):
                cname = prefix.get(pset, "?") + c_name(a)
                got = entries.get(cname)
                c.check(got is not None and got["type"] != "NLA_REJECT",
                        "operation %s %s: request attribute %s is not "
                        "accepted by %s (%s)" % (o["name"], kind, a, pname,
                                                  fmt(got)))
    for cmd in ops:
        c.check(cmd in seen_cmds, "kernel op %s is not an operation of the "
                "spec" % cmd)
    return c


# ---------------------------------------------------------------- self-test

def spec_mutations(spec):
    """Spec variants that must fail the comparison."""
    def aset(s, name):
        return [x for x in s["attribute-sets"] if x["name"] == name][0]

    def attr(s, sname, name):
        return [x for x in aset(s, sname)["attributes"] if x["name"] == name][0]

    def op(s, name):
        return [x for x in s["operations"]["list"] if x["name"] == name][0]

    def m_type(s):
        attr(s, "coa", "bid")["type"] = "u32"

    def m_range(s):
        attr(s, "binding", "prefix-len")["checks"]["max"] = 127

    def m_exact(s):
        attr(s, "binding", "hoa")["checks"]["exact-len"] = 4

    def m_maxlen(s):
        attr(s, "ipmob", "ifname")["checks"]["max-len"] = 16

    def m_nested(s):
        attr(s, "binding", "coa")["nested-attributes"] = "binding"

    def m_not_ro(s):
        attr(s, "binding", "flags")["doc"] = "Binding flags."

    def m_ro(s):
        attr(s, "binding", "seq")["doc"] = "Read-only sequence number."

    def m_req_reject(s):
        op(s, "binding-new")["do"]["request"]["attributes"].append("stats")

    def m_no_req(s):
        for o in s["operations"]["list"]:
            for kind in ("do", "dump"):
                r = o.get(kind, {}).get("request", {})
                if "ifindex" in r.get("attributes", []):
                    r["attributes"].remove("ifindex")

    def m_byte_order(s):
        del attr(s, "binding", "hoa4")["byte-order"]

    def m_enum(s):
        attr(s, "binding", "mode")["enum"] = "stat"

    def m_new_attr(s):
        aset(s, "coa")["attributes"].append({"name": "weight", "type": "u8"})

    def m_no_do(s):
        del op(s, "stats-get")["do"]

    def m_flags(s):
        op(s, "link-del")["flags"] = []

    def m_dump(s):
        op(s, "binding-flush")["dump"] = {"request": {"attributes": ["ifindex"]}}

    for fn in (m_type, m_range, m_exact, m_maxlen, m_nested, m_not_ro, m_ro,
               m_req_reject, m_no_req, m_byte_order, m_enum, m_new_attr,
               m_no_do, m_flags, m_dump):
        s = copy.deepcopy(spec)
        fn(s)
        yield "spec " + fn.__name__, s


# (name, pattern, replacement) on the kernel source
KERNEL_MUTATIONS = [
    ("type", r"(\[IPMOB_CA_BID\]\s*=\s*)\{[^}]*\}", r"\1{ .type = NLA_U32 }"),
    ("range", r"NLA_POLICY_RANGE\(NLA_U8, 1, 128\)",
     "NLA_POLICY_RANGE(NLA_U8, 1, 127)"),
    ("strlen", r"\.len = IFNAMSIZ - 1", ".len = IFNAMSIZ"),
    ("missing", r"\[IPMOB_BA_SEQ\]\s*=\s*\{[^}]*\},", ""),
    ("accepts_ro", r"(\[IPMOB_BA_FLAGS\]\s*=\s*)\{[^}]*\}",
     r"\1{ .type = NLA_U32 }"),
    ("rejects", r"(\[IPMOB_A_IFINDEX\]\s*=\s*)\{[^}]*\}",
     r"\1{ .type = NLA_REJECT }"),
    ("nested", r"NLA_POLICY_NESTED\(ipmob_coa_policy\)",
     "NLA_POLICY_NESTED(ipmob_binding_policy)"),
    ("exact", r"(\[IPMOB_BA_HOA\]\s*=\s*NLA_POLICY_EXACT_LEN\()sizeof\(struct in6_addr\)",
     r"\1sizeof(struct in_addr)"),
    ("be32", r"(\[IPMOB_CA_ADDR4\]\s*=\s*)\{[^}]*\}", r"\1{ .type = NLA_U32 }"),
    ("pad", r"(\[IPMOB_BA_SEQ\])", r"[IPMOB_BA_PAD] = { .type = NLA_U8 },\n\t\1"),
    ("dumpit", r"\.dumpit = \w+,", ""),
    ("doit", r"(\.cmd = IPMOB_CMD_STATS_GET,\s*)\.doit = \w+,", r"\1"),
    ("op_flags", r"(\.cmd = IPMOB_CMD_LINK_NEW,\s*\.doit = \w+,\s*)\.flags = \w+,",
     r"\1"),
    ("maxattr", r"\.maxattr = IPMOB_A_MAX,", ".maxattr = IPMOB_BA_MAX,"),
]


def main(argv):
    if len(argv) < 4:
        sys.stderr.write("usage: check_policy.py NETLINK_C HEADER SPEC "
                         "[--self-test]\n")
        return 2
    with open(argv[1]) as f:
        kernel = f.read()
    with open(argv[2]) as f:
        header = f.read()
    with open(argv[3]) as f:
        spec = yaml.safe_load(f)

    c = compare(kernel, header, spec)
    if "--self-test" in argv[4:]:
        # the checker must catch each of these
        for name, s in spec_mutations(spec):
            r = compare(kernel, header, s, quiet=True)
            c.check(r.failed > 0, "self-test: mutation %s was not detected"
                    % name)
        for name, pat, rep in KERNEL_MUTATIONS:
            k, n = re.subn(pat, rep, kernel, count=1)
            c.check(n == 1, "self-test: kernel mutation %s does not apply "
                    "(kernel/netlink.c changed? update the mutation)" % name)
            if n == 1:
                r = compare(k, header, spec, quiet=True)
                c.check(r.failed > 0, "self-test: kernel mutation %s was "
                        "not detected" % name)
    print("%d passed, %d failed" % (c.passed, c.failed))
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
