#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Error paths of the real binaries (no kernel module needed): every bad
# argument gives exit status 1 and exactly one "ipmob: ..." line on
# stderr, nothing on stdout; kernel failures give status 2 and one line.
#
# usage: cli_errors.sh IPMOB IPMOBD

IPMOB=${1:-./ipmob}
IPMOBD=${2:-./ipmobd}
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect STATUS PATTERN CMD...: exit STATUS, one stderr line matching
# PATTERN (grep -E), empty stdout.
expect() {
	want=$1 pat=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	lines=$(wc -l <"$tmp/err")
	if [ "$rc" -ne "$want" ]; then
		bad "$* -> exit $rc, want $want ($(head -c 300 "$tmp/err"))"
	elif [ "$lines" -ne 1 ]; then
		bad "$* -> $lines stderr lines: $(head -c 300 "$tmp/err")"
	elif ! grep -Eq -- "$pat" "$tmp/err"; then
		bad "$* -> stderr \"$(cat "$tmp/err")\" does not match /$pat/"
	elif [ -s "$tmp/out" ]; then
		bad "$* -> unexpected stdout: $(head -c 200 "$tmp/out")"
	else
		ok
	fi
}

H=2001:db8:1::100
C=2001:db8:2::100

# ---- options ----
expect 1 '^ipmob: unknown option "-x"' "$IPMOB" -x binding show
expect 1 '^ipmob: unknown option "--"' "$IPMOB" -- binding show
expect 1 '^ipmob: option "-n" needs an argument' "$IPMOB" -n
expect 1 '^ipmob: option "-batch" needs an argument' "$IPMOB" -batch
expect 1 '^ipmob: duplicate option "-n"' "$IPMOB" -n a -n b stats
expect 1 '^ipmob: cannot open network namespace "nosuchns0": ' \
	"$IPMOB" -n nosuchns0 binding show
expect 1 '^ipmob: invalid network namespace name ".."' "$IPMOB" -n .. stats
expect 1 '^ipmob: cannot open batch file "/nonexistent/x": ' \
	"$IPMOB" -b /nonexistent/x
expect 1 '^ipmob: unexpected argument "stats" with -batch' \
	"$IPMOB" -b /dev/null stats
expect 1 '^ipmob: unknown object "bogus"' "$IPMOB" bogus
expect 1 '^ipmob: unexpected argument "x" after "help"' "$IPMOB" help x

# ---- binding ----
expect 1 '^ipmob: unknown command "frob" for "binding"' "$IPMOB" binding frob
expect 1 '^ipmob: invalid home address "foo"$' \
	"$IPMOB" binding add hoa foo coa $C dev lo
expect 1 '^ipmob: invalid care-of address "foo"$' \
	"$IPMOB" binding add hoa $H coa foo dev lo
expect 1 '^ipmob: missing "hoa"$' "$IPMOB" binding add coa $C dev lo
expect 1 '^ipmob: missing "coa"$' "$IPMOB" binding add hoa $H dev lo
expect 1 '^ipmob: missing "dev"$' "$IPMOB" binding add hoa $H coa $C
expect 1 '^ipmob: unknown keyword "xyz"$' \
	"$IPMOB" binding add hoa $H coa $C xyz 1 dev lo
expect 1 '^ipmob: missing value for "lifetime"$' \
	"$IPMOB" binding add hoa $H coa $C dev lo lifetime
expect 1 '^ipmob: cannot find device "nosuchdev0"$' \
	"$IPMOB" binding add hoa $H coa $C dev nosuchdev0
expect 1 '^ipmob: invalid bid "70000"' \
	"$IPMOB" binding change hoa $H coa $C bid 70000 dev lo
expect 1 '^ipmob: "prio" must follow a "coa"$' \
	"$IPMOB" binding add hoa $H prio 1 coa $C dev lo
expect 1 '^ipmob: invalid mode "x"' \
	"$IPMOB" binding add hoa $H coa $C mode x dev lo
expect 1 '^ipmob: too many care-of addresses' \
	"$IPMOB" binding add hoa $H coa ::1:1 coa ::1:2 coa ::1:3 coa ::1:4 \
	coa ::1:5 coa ::1:6 coa ::1:7 coa ::1:8 coa ::1:9 dev lo
expect 1 '^ipmob: keyword "coa" is not valid for "binding del"' \
	"$IPMOB" binding del hoa $H coa $C dev lo
expect 1 '^ipmob: missing "dev"$' "$IPMOB" binding del hoa $H
expect 1 '^ipmob: cannot find device "nosuchdev0"$' \
	"$IPMOB" binding show dev nosuchdev0
expect 1 '^ipmob: "peer" requires "hoa"$' "$IPMOB" binding show peer $H
expect 1 '^ipmob: "mode" requires "hoa"$' "$IPMOB" binding show mode ro
expect 1 '^ipmob: care-of address 1 needs a "bid"' \
	"$IPMOB" binding add hoa $H coa $C coa 2001:db8:2::200 bid 2 dev lo
expect 1 '^ipmob: care-of address "2001:db8:1::100" equals the home address$' \
	"$IPMOB" binding add hoa $H coa $H dev lo
expect 1 '^ipmob: invalid peer address "::1" \(loopback address\)$' \
	"$IPMOB" binding del hoa $H peer ::1 dev lo
expect 1 '^ipmob: unknown keyword "extra"$' "$IPMOB" binding flush extra
expect 1 '^ipmob: invalid home address "' \
	"$IPMOB" binding add hoa "$(head -c 5000 /dev/zero | tr '\0' 'a')" \
	coa $C dev lo
expect 1 '^ipmob: invalid home address "' \
	"$IPMOB" binding add hoa "$(printf '\377\376\n')" coa $C dev lo
expect 1 '^ipmob: invalid device name ""$' \
	"$IPMOB" binding add hoa $H coa $C dev ""

# ---- binding, IPv4 ----
H4=10.0.1.100
C4=10.0.2.100
expect 1 '^ipmob: encap ipip needs an IPv4 home address and an IPv4 care-of address$' \
	"$IPMOB" binding add hoa $H coa $C4 encap ipip dev lo
expect 1 '^ipmob: encap ip6ip6 needs an IPv6 home address and an IPv6 care-of address$' \
	"$IPMOB" binding add hoa $H4 coa $C4 encap ip6ip6 dev lo
expect 1 '^ipmob: invalid encap "vxlan"' \
	"$IPMOB" binding add hoa $H4 coa $C4 encap vxlan dev lo
expect 1 '^ipmob: invalid prefix length in "10.0.1.0/33" \(1-32\)$' \
	"$IPMOB" binding add hoa 10.0.1.0/33 coa $C4 dev lo
expect 1 '^ipmob: home prefix "10.0.1.1/24" has host bits set$' \
	"$IPMOB" binding add hoa 10.0.1.1/24 coa $C4 dev lo
expect 1 '^ipmob: care-of address "10.0.1.100" equals the home address$' \
	"$IPMOB" binding add hoa $H4 coa $H4 dev lo
expect 1 '^ipmob: care-of address "10.0.1.7" is inside the home prefix "10.0.1.0/24"$' \
	"$IPMOB" binding add hoa 10.0.1.0/24 coa 10.0.1.7 dev lo
expect 1 '^ipmob: mode ro is IPv6 only, not for the IPv4 care-of address "10.0.2.100"$' \
	"$IPMOB" binding add hoa $H coa $C4 mode ro dev lo
expect 1 '^ipmob: IPv4 care-of address "10.0.2.100" needs an IPv4 "peer"$' \
	"$IPMOB" binding add hoa $H coa $C4 peer 2001:db8:1::1 dev lo
expect 1 '^ipmob: IPv6 care-of address "2001:db8:2::100" needs an IPv6 "peer"$' \
	"$IPMOB" binding add hoa $H4 coa $C peer 10.0.1.1 dev lo
expect 1 '^ipmob: duplicate "peer" \(at most one IPv6 and one IPv4 address\)$' \
	"$IPMOB" binding add hoa $H4 coa $C4 peer 10.0.1.1 peer 10.0.1.2 dev lo
expect 1 '^ipmob: duplicate "local" \(at most one IPv6 and one IPv4 address\)$' \
	"$IPMOB" binding add hoa $H coa $C local ::2 local 2001:db8::3 dev lo
expect 1 '^ipmob: invalid care-of address "10.0.2.256"$' \
	"$IPMOB" binding add hoa $H4 coa 10.0.2.256 dev lo
expect 1 '^ipmob: cannot find device "nosuchdev0"$' \
	"$IPMOB" binding add hoa $H4 coa $C4 local 10.0.1.1 dev nosuchdev0
expect 1 '^ipmob: cannot find device "nosuchdev0"$' \
	"$IPMOB" binding show hoa $H4 dev nosuchdev0

# ---- flow ----
F="hoa $H dev lo"
expect 1 '^ipmob: unknown command "frob" for "flow"' "$IPMOB" flow frob
expect 1 '^ipmob: invalid dscp "64" \(0-63\)$' \
	"$IPMOB" flow add $F fid 1 bid 1 dscp 64
expect 1 '^ipmob: invalid fid "0" \(1-65535\)$' "$IPMOB" flow add $F fid 0 bid 1
expect 1 '^ipmob: invalid prio "256" \(0-255\)$' \
	"$IPMOB" flow add $F fid 1 prio 256 bid 1
expect 1 '^ipmob: invalid bid "65536" \(1-65535\)$' \
	"$IPMOB" flow add $F fid 1 bid 65536
expect 1 '^ipmob: duplicate bid 2$' "$IPMOB" flow add $F fid 1 bid 2 bid 2
expect 1 '^ipmob: too many bids \(at most 8\)$' \
	"$IPMOB" flow add $F fid 1 bid 1 bid 2 bid 3 bid 4 bid 5 bid 6 bid 7 bid 8 bid 9
expect 1 '^ipmob: "bid" and "drop" exclude each other$' \
	"$IPMOB" flow add $F fid 1 bid 1 drop
expect 1 '^ipmob: missing "bid", "drop" or "buffer"$' "$IPMOB" flow add $F fid 1
expect 1 '^ipmob: "drop" and "buffer" exclude each other$' \
	"$IPMOB" flow add $F fid 1 buffer drop
expect 1 '^ipmob: missing "send" or "drop"$' "$IPMOB" flow flush $F
expect 1 '^ipmob: "send" and "drop" exclude each other$' \
	"$IPMOB" flow flush $F drop send
expect 1 '^ipmob: missing "dev"$' "$IPMOB" flow flush hoa $H send
expect 1 '^ipmob: keyword "fid" is not valid for "flow flush"$' \
	"$IPMOB" flow flush $F fid 1 send
expect 1 '^ipmob: cannot find device "nosuchdev0"$' \
	"$IPMOB" flow flush hoa $H dev nosuchdev0 drop
expect 1 '^ipmob: missing "fid"$' "$IPMOB" flow add $F drop
expect 1 '^ipmob: missing "hoa"$' "$IPMOB" flow add dev lo fid 1 drop
expect 1 '^ipmob: missing "dev"$' "$IPMOB" flow add hoa $H fid 1 drop
expect 1 '^ipmob: missing value for "sport"$' "$IPMOB" flow add $F fid 1 drop sport
expect 1 '^ipmob: invalid sport range "9-3" \(start after end\)$' \
	"$IPMOB" flow add $F fid 1 drop sport 9-3
expect 1 '^ipmob: invalid dport "65536" \(0-65535\)$' \
	"$IPMOB" flow add $F fid 1 drop dport 65536
expect 1 '^ipmob: invalid spi "4294967296" \(0-4294967295\)$' \
	"$IPMOB" flow add $F fid 1 drop spi 4294967296
expect 1 '^ipmob: invalid flowlabel "0x100000" \(0-0xfffff\)$' \
	"$IPMOB" flow add $F fid 1 drop flowlabel 0x100000
expect 1 '^ipmob: invalid proto "foo" ' "$IPMOB" flow add $F fid 1 drop proto foo
expect 1 '^ipmob: dport needs proto tcp, udp, udplite, sctp or dccp$' \
	"$IPMOB" flow add $F fid 1 drop proto icmp dport 80
expect 1 '^ipmob: spi needs proto esp or ah$' \
	"$IPMOB" flow add $F fid 1 drop proto tcp spi 1
expect 1 '^ipmob: invalid src address "foo"$' "$IPMOB" flow add $F fid 1 drop src foo
expect 1 '^ipmob: src prefix "10.0.0.1/24" has host bits set$' \
	"$IPMOB" flow add $F fid 1 drop src 10.0.0.1/24
expect 1 '^ipmob: invalid dst range "10.0.0.9-10.0.0.1" \(start after end\)$' \
	"$IPMOB" flow add $F fid 1 drop dst 10.0.0.9-10.0.0.1
expect 1 '^ipmob: src and dst must be of the same family$' \
	"$IPMOB" flow add $F fid 1 drop src 10.0.0.0/8 dst 2001:db8::/32
expect 1 '^ipmob: flowlabel matches IPv6 packets only, not IPv4 src$' \
	"$IPMOB" flow add $F fid 1 drop src 10.0.0.1 flowlabel 1
expect 1 '^ipmob: keyword "prio" is not valid for "flow del"$' \
	"$IPMOB" flow del $F prio 1
expect 1 '^ipmob: duplicate fid 3$' "$IPMOB" flow del $F fid 3 fid 3
expect 1 '^ipmob: "dev" requires "hoa"$' "$IPMOB" flow show dev lo
expect 1 '^ipmob: cannot find device "nosuchdev0"$' \
	"$IPMOB" flow add hoa $H dev nosuchdev0 fid 1 drop
expect 1 '^ipmob: mode ro is IPv6 only, not for the IPv4 home address "10.0.1.100"$' \
	"$IPMOB" flow del hoa 10.0.1.100 mode ro dev lo

# ---- binding role, encap udp ----
expect 1 '^ipmob: role mn needs a "peer"$' \
	"$IPMOB" binding add hoa $H coa $C role mn dev lo
expect 1 '^ipmob: role cn needs no "peer" and mode ro$' \
	"$IPMOB" binding add hoa $H coa $C role cn dev lo
expect 1 '^ipmob: role mag needs a "peer" and mode tunnel$' \
	"$IPMOB" binding add hoa $H coa $C role mag peer 2001:db8::1 mode ro dev lo
expect 1 '^ipmob: role lma needs no "peer" and mode tunnel$' \
	"$IPMOB" binding add hoa $H coa $C role lma peer 2001:db8::1 dev lo
expect 1 '^ipmob: invalid role "x" ' "$IPMOB" binding add hoa $H coa $C role x dev lo
expect 1 '^ipmob: encap udp needs the home agent.s port at a mobile node \(port PORT\)$' \
	"$IPMOB" binding add hoa $H coa 10.0.2.100 encap udp peer 10.0.0.1 dev lo
expect 1 '^ipmob: a port needs "encap udp" \(care-of address 1\)$' \
	"$IPMOB" binding add hoa $H coa $C port 4191 dev lo
expect 1 '^ipmob: invalid port "0" \(1-65535\)$' \
	"$IPMOB" binding add hoa $H coa $C encap udp port 0 dev lo
expect 1 '^ipmob: encap udp needs mode tunnel$' \
	"$IPMOB" binding add hoa $H coa $C encap udp mode ro dev lo

# ---- udp ----
expect 1 '^ipmob: unknown command "foo" for "udp"' "$IPMOB" udp foo
expect 1 '^ipmob: unknown keyword "x"$' "$IPMOB" udp show x
expect 1 '^ipmob: missing "port"$' "$IPMOB" udp listen
expect 1 '^ipmob: invalid port "70000" \(1-65535\)$' "$IPMOB" udp listen port 70000
expect 1 '^ipmob: invalid address "foo"$' "$IPMOB" udp listen address foo port 4191
expect 1 '^ipmob: duplicate "port"$' "$IPMOB" udp listen port 1 port 2
# an address this host does not have: the socket cannot be bound
expect 1 '^ipmob: cannot bind to 192.0.2.77 port 40999: ' \
	"$IPMOB" udp listen address 192.0.2.77 port 40999

# ---- endpoint, stats, monitor, link ----
expect 1 '^ipmob: unknown command "foo" for "endpoint"' "$IPMOB" endpoint foo
expect 1 '^ipmob: unknown keyword "x"$' "$IPMOB" endpoint show x
expect 1 '^ipmob: unknown keyword "dev"$' "$IPMOB" e s dev lo
expect 1 '^ipmob: unexpected argument "x" after "help"$' "$IPMOB" endpoint help x
expect 1 '^ipmob: cannot open network namespace "nosuchns0": ' \
	"$IPMOB" -n nosuchns0 endpoint show
expect 1 '^ipmob: cannot open network namespace "nosuchns0": ' \
	"$IPMOB" -j -n nosuchns0 endpoint
expect 1 '^ipmob: unknown command "foo" for "stats"' "$IPMOB" stats foo
expect 1 '^ipmob: unknown keyword "x"$' "$IPMOB" stats show x
expect 1 '^ipmob: unknown keyword "foo"$' "$IPMOB" monitor foo
expect 1 '^ipmob: missing command for "link"' "$IPMOB" link
expect 1 '^ipmob: missing device name$' "$IPMOB" link add
expect 1 '^ipmob: invalid device name "a/b"$' "$IPMOB" link add a/b
expect 1 '^ipmob: unknown keyword "x"$' "$IPMOB" link del mob0 x

# ---- batch ----
printf 'binding add hoa foo coa %s dev lo\n' $C >"$tmp/b1"
expect 1 '^ipmob: line 1: invalid home address "foo"$' "$IPMOB" -b "$tmp/b1"
printf '# c\n\nbinding show dev nosuchdev0\n' >"$tmp/b2"
expect 1 '^ipmob: line 3: cannot find device "nosuchdev0"$' \
	"$IPMOB" -b "$tmp/b2"
printf 'link add "mob0\n' >"$tmp/b3"
expect 1 '^ipmob: line 1: unterminated double quote$' "$IPMOB" -b "$tmp/b3"
printf '# c\n\nflow add hoa %s dev lo fid 2 bid 1 dscp 64\n' $H >"$tmp/b6"
expect 1 '^ipmob: line 3: invalid dscp "64" \(0-63\)$' "$IPMOB" -b "$tmp/b6"
# from stdin
if printf 'bogus\n' | "$IPMOB" -b - >"$tmp/out" 2>"$tmp/err"; then
	bad "-b - with a bad line succeeded"
elif [ "$(cat "$tmp/err")" = 'ipmob: line 1: unknown object "bogus" (try "ipmob help")' ]; then
	ok
else
	bad "-b -: $(cat "$tmp/err")"
fi
# empty batch: nothing to do
expect_ok() {
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	if [ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ]; then ok; else
		bad "$* -> exit $rc: $(head -c 300 "$tmp/err")"; fi
}
printf '\n# only comments\n   \n' >"$tmp/b4"
expect_ok "$IPMOB" -b "$tmp/b4"

# ---- help and version: stdout, status 0 ----
expect_ok "$IPMOB" help
expect_ok "$IPMOB" -V
expect_ok "$IPMOB" -h
expect_ok "$IPMOB" binding help
expect_ok "$IPMOB" stats help
expect_ok "$IPMOB" monitor help
expect_ok "$IPMOB" link help
expect_ok "$IPMOB" endpoint help
expect_ok "$IPMOB" flow help
expect_ok "$IPMOB" udp help
"$IPMOB" >/dev/null 2>&1 </dev/null
[ $? -eq 1 ] && ok || bad "no arguments should exit 1"

# ---- kernel errors: status 2, one line ----
# Without the module: family not found. With it: lo is no ipmob device
# or there is no such binding. Either way nothing changes.
expect 2 '^ipmob: ' "$IPMOB" binding del hoa 2001:db8::dead dev lo
if ! "$IPMOB" stats >/dev/null 2>&1; then
	expect 2 '^ipmob: generic netlink family "ipmob" not found' "$IPMOB" stats
	expect 2 '^ipmob: generic netlink family "ipmob" not found' \
		"$IPMOB" endpoint show
	expect 2 '^ipmob: generic netlink family "ipmob" not found' \
		"$IPMOB" flow show
	expect 2 '^ipmob: generic netlink family "ipmob" not found' \
		"$IPMOB" flow add hoa $H dev lo fid 1 drop
	expect 2 '^ipmob: generic netlink family "ipmob" not found' \
		"$IPMOB" flow flush hoa $H dev lo send
	expect 2 '^ipmob: generic netlink family "ipmob" not found' \
		"$IPMOB" udp show
	expect 2 '^ipmob: generic netlink family "ipmob" not found' \
		"$IPMOB" udp listen address 127.0.0.1 port 40998
	# batch: the first flush needs the kernel
	: >"$tmp/b5"
	i=0
	while [ $i -lt 300 ]; do
		echo "binding add hoa 2001:db8::$i coa $C dev lo" >>"$tmp/b5"
		i=$((i + 1))
	done
	expect 2 '^ipmob: generic netlink family "ipmob" not found' \
		"$IPMOB" -b "$tmp/b5"
	i=1
	: >"$tmp/b7"
	while [ $i -le 300 ]; do
		echo "flow add hoa $H dev lo fid $i bid 1" >>"$tmp/b7"
		i=$((i + 1))
	done
	expect 2 '^ipmob: generic netlink family "ipmob" not found' \
		"$IPMOB" -b "$tmp/b7"
fi

# ---- ipmobd ----
expect 1 '^ipmobd: cannot open /nonexistent/ipmobd.conf: ' \
	"$IPMOBD" -f -c /nonexistent/ipmobd.conf
printf '[home-agent]\nfoo bar\n' >"$tmp/c1"
expect 1 "^ipmobd: $tmp/c1:2: unknown key \"foo\"\$" "$IPMOBD" -f -c "$tmp/c1"
printf 'log-level info\n[mobile-node]\nspi 12\n' >"$tmp/c2"
expect 1 ':3: invalid spi "12" \(expected 256\.\.4294967295' "$IPMOBD" -f -c "$tmp/c2"
printf 'device mob0\n' >"$tmp/c3"
expect 1 ': no role section' "$IPMOBD" -f -c "$tmp/c3"
printf '[mobile-node]\nhome-address 2001:db8:1::100/64\n' >"$tmp/c5"
expect 1 "^ipmobd: $tmp/c5: \\[mobile-node\\] needs \"identifier\"" "$IPMOBD" -f -c "$tmp/c5"
printf '00112233445566778899aabbccddeeff\n' >"$tmp/k"
chmod 644 "$tmp/k"
printf '[home-agent]\nhome-link lo\nhome-prefix 2001:db8:1::/64\n[security-association mn@example.com]\nspi 256\nkey-file k\n' >"$tmp/c6"
expect 1 ":6: key-file \"$tmp/k\" is accessible by group or others \\(mode 0644\\)" "$IPMOBD" -f -c "$tmp/c6"
expect 1 '^ipmobd: unexpected argument "extra"' "$IPMOBD" -f extra
# -t: check and exit, silent and 0 when good (whether or not the module is
# there); a key in a file others may read, a home prefix with host bits
printf '[home-agent]\nhome-link lo\nhome-prefix 2001:db8:1::/64\nauthentication none\n' >"$tmp/c7"
"$IPMOBD" -t -c "$tmp/c7" >"$tmp/out" 2>&1
[ $? -eq 0 ] && [ ! -s "$tmp/out" ] && ok || bad "ipmobd -t on a good file: $(cat "$tmp/out")"
expect 1 ":6: key-file \"$tmp/k\" is accessible by group or others" "$IPMOBD" -t -c "$tmp/c6"
printf '[mobile-node]\nhome-address 2001:db8:1::100/64\nidentifier mn\nspi 256\nkey 00112233445566778899aabbccddeeff\n' >"$tmp/c8"
chmod 644 "$tmp/c8"
expect 1 ":5: a key in a file accessible by group or others \(mode 0644\): chmod 600 it, or use key-file\$" "$IPMOBD" -t -c "$tmp/c8"
chmod 600 "$tmp/c8"
"$IPMOBD" -t -c "$tmp/c8" >"$tmp/out" 2>&1
[ $? -eq 0 ] && ok || bad "ipmobd -t on a 0600 file with a key: $(cat "$tmp/out")"
printf '[home-agent]\nhome-link lo\nhome-prefix 2001:db8:1::1/64\n' >"$tmp/c9"
expect 1 ':3: invalid home-prefix "2001:db8:1::1/64" \(host bits set: the prefix is 2001:db8:1::/64\)' "$IPMOBD" -t -c "$tmp/c9"
printf '[mobile-node]\nhome-address 2001:db8:1::100/64\nauthentication none\n' >"$tmp/c4"
expect 1 '^ipmobd: cannot open network namespace "nosuchns0"' \
	"$IPMOBD" -f -c "$tmp/c4" -n nosuchns0
"$IPMOBD" -x >/dev/null 2>&1
[ $? -eq 1 ] && ok || bad "ipmobd -x should exit 1"
if ! "$IPMOB" stats >/dev/null 2>&1; then
	expect 2 '^ipmobd: generic netlink family "ipmob" not found' \
		"$IPMOBD" -f -c "$tmp/c4"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
