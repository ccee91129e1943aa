// SPDX-License-Identifier: GPL-2.0
/*
 * suite_dsmip.c - tests of the DSMIPv6 UDP payload codec (dsmip.c, RFC
 * 5555 4.1, 4.2, 4.4.2): Binding Updates and Acknowledgements built with
 * mh.c and wrapped with dsmip_build(), parsed back and their Mobility
 * Header parsed with the inner addresses as pseudo-header; a vector
 * from scapy 2.5.0 and one written out by hand (decoded by tshark
 * 4.0.17); every way a payload is refused (truncation at every length,
 * Payload Length off either way, IPv4, extension headers, MH Header Len,
 * addresses); builds into every too small buffer and in place; NAT
 * detection and the keepalive interval.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dsmip.h"
#include "mh.h"
#include "t.h"

int t_pass, t_fail;

static struct in6_addr A6(const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1) {
		fprintf(stderr, "bad address %s\n", s);
		exit(2);
	}
	return a;
}

static struct in_addr A4(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1) {
		fprintf(stderr, "bad address %s\n", s);
		exit(2);
	}
	return a;
}

/* V6HOA and HAADDR of RFC 5555 4.2 */
#define HOA	"2001:db8:1::100"
#define HA	"2001:db8:1::1"

static struct mh_msg m;		/* (large: kept off the stack) */

/* A BU as a mobile node on an IPv4-only link sends it (4.4.2): A, H and
 * F, an IPv4 Home Address option asking for 192.0.2.33/24, its IPv4
 * care-of address; checksummed with HOA -> HA. */
static int make_bu(uint8_t *buf, size_t cap)
{
	struct in6_addr s = A6(HOA), d = A6(HA);
	int n;

	memset(&m, 0, sizeof(m));
	m.type = MH_BU;
	m.bu.seq = 0x1234;
	m.bu.flags = MH_BU_F_A | MH_BU_F_H | MH_BU_F_F;
	m.bu.lifetime = 150;
	m.opts = MH_OPT(MHOPT_V4HOA) | MH_OPT(MHOPT_V4COA);
	m.v4hoa.plen = 24;
	memcpy(m.v4hoa.addr, "\xc0\x00\x02\x21", 4);	/* 192.0.2.33 */
	memcpy(m.v4coa, "\x0a\x00\x00\x05", 4);		/* 10.0.0.5 */
	n = mh_build(&m, buf, cap);
	if (n > 0)
		mh_finish(buf, (size_t)n, &s, &d);
	return n;
}

/* The home agent's answer (4.2): accepted, the IPv4 home address
 * acknowledged, a NAT detected, refresh 30 s; HA -> HOA. */
static int make_ba(uint8_t *buf, size_t cap)
{
	struct in6_addr s = A6(HA), d = A6(HOA);
	int n;

	memset(&m, 0, sizeof(m));
	m.type = MH_BA;
	m.ba.status = BA_ACCEPTED;
	m.ba.seq = 0x1234;
	m.ba.lifetime = 150;
	m.opts = MH_OPT(MHOPT_V4ACK) | MH_OPT(MHOPT_NATD);
	m.v4ack.status = V4ACK_SUCCESS;
	m.v4ack.plen = 24;
	memcpy(m.v4ack.addr, "\xc0\x00\x02\x21", 4);
	m.natd.flags = MH_NATD_F_F;
	m.natd.refresh = 30;
	n = mh_build(&m, buf, cap);
	if (n > 0)
		mh_finish(buf, (size_t)n, &s, &d);
	return n;
}

/* A BU wrapped in its IPv6 header: the payload of the UDP datagram. */
static size_t bu_payload(uint8_t *out, size_t cap)
{
	uint8_t mh[MH_MAX_LEN];
	struct in6_addr s = A6(HOA), d = A6(HA);
	int n = make_bu(mh, sizeof(mh));

	if (n <= 0 || dsmip_build(out, cap, &s, &d, 64, mh, (size_t)n) !=
	    DSMIP_IP6_HDR_LEN + n) {
		fprintf(stderr, "cannot build the BU payload\n");
		exit(2);
	}
	return DSMIP_IP6_HDR_LEN + (size_t)n;
}

/* ---- round trips ---- */

static void test_roundtrip_bu(void)
{
	uint8_t mh[MH_MAX_LEN], buf[DSMIP_MAX_LEN];
	struct in6_addr s = A6(HOA), d = A6(HA);
	struct dsmip_pkt p;
	int n, len;

	n = make_bu(mh, sizeof(mh));
	CHECK(n == 32);	/* 12 + V4HOA 8 + V4COA 8 + PadN 4 */
	len = dsmip_build(buf, sizeof(buf), &s, &d, 64, mh, (size_t)n);
	CHECK(len == 40 + n);
	/* the header as RFC 8200 3 draws it */
	CHECK(!memcmp(buf, "\x60\x00\x00\x00\x00\x20\x87\x40", 8));
	CHECK(!memcmp(buf + 8, &s, 16) && !memcmp(buf + 24, &d, 16));
	CHECK(!memcmp(buf + 40, mh, (size_t)n));

	memset(&p, 0xa5, sizeof(p));
	CHECK(dsmip_parse(buf, (size_t)len, &p) == 0);
	CHECK(!memcmp(&p.src, &s, 16) && !memcmp(&p.dst, &d, 16));
	CHECK(p.hop_limit == 64);
	CHECK(p.mh == buf + 40 && p.mh_len == (size_t)n);

	/* the caller's next step: the MH with the inner pseudo-header */
	CHECK(mh_parse(p.mh, p.mh_len, &p.src, &p.dst, &m) == MH_OK);
	CHECK(m.type == MH_BU && m.bu.seq == 0x1234 && m.bu.lifetime == 150);
	CHECK(m.bu.flags == (MH_BU_F_A | MH_BU_F_H | MH_BU_F_F));
	CHECK(m.opts == (MH_OPT(MHOPT_V4HOA) | MH_OPT(MHOPT_V4COA)));
	CHECK(m.v4hoa.plen == 24 && m.v4hoa.flags == 0 &&
	      !memcmp(m.v4hoa.addr, "\xc0\x00\x02\x21", 4));
	CHECK(!memcmp(m.v4coa, "\x0a\x00\x00\x05", 4));
	/* ... and only with it: not with the outer IPv4 addresses as
	 * IPv4-mapped ones, say (swapping src and dst does not show it:
	 * the sum is the same) */
	s = A6("::ffff:198.51.100.20");
	d = A6("::ffff:203.0.113.1");
	CHECK(mh_parse(p.mh, p.mh_len, &s, &d, &m) == MH_ERR_CSUM);
}

static void test_roundtrip_ba(void)
{
	uint8_t mh[MH_MAX_LEN], buf[DSMIP_MAX_LEN];
	struct in6_addr s = A6(HA), d = A6(HOA);
	struct dsmip_pkt p;
	int n, len;

	n = make_ba(mh, sizeof(mh));
	CHECK(n == 32);
	len = dsmip_build(buf, sizeof(buf), &s, &d, 255, mh, (size_t)n);
	CHECK(len == 72);
	CHECK(dsmip_parse(buf, (size_t)len, &p) == 0);
	CHECK(p.hop_limit == 255 && p.mh_len == 32);
	CHECK(!memcmp(&p.src, &s, 16) && !memcmp(&p.dst, &d, 16));
	CHECK(mh_parse(p.mh, p.mh_len, &p.src, &p.dst, &m) == MH_OK);
	CHECK(m.type == MH_BA && m.ba.status == BA_ACCEPTED &&
	      m.ba.seq == 0x1234);
	CHECK(m.opts == (MH_OPT(MHOPT_V4ACK) | MH_OPT(MHOPT_NATD)));
	CHECK(m.v4ack.status == V4ACK_SUCCESS && m.v4ack.plen == 24 &&
	      !memcmp(m.v4ack.addr, "\xc0\x00\x02\x21", 4));
	CHECK(m.natd.flags == MH_NATD_F_F && m.natd.refresh == 30);
	CHECK(dsmip_keepalive_s(true, m.natd.refresh, DSMIP_NATKATIMEOUT_S) ==
	      30);
}

/* The largest MH there is ((255 + 1) * 8 = MH_MAX_LEN octets): a BRR
 * padded out with PadN options, wrapped and parsed. */
static void test_max_len(void)
{
	static uint8_t mh[MH_MAX_LEN], buf[DSMIP_MAX_LEN + 1];
	struct in6_addr s = A6(HA), d = A6(HOA);
	struct dsmip_pkt p;
	size_t off;

	memset(mh, 0, sizeof(mh));
	mh[0] = MH_PAYLOAD_NONE;
	mh[1] = 255;
	mh[2] = MH_BRR;
	for (off = 8; off < sizeof(mh); ) {
		size_t rest = sizeof(mh) - off;

		if (rest == 1) {		/* Pad1 */
			off++;
			continue;
		}
		mh[off] = MHOPT_PADN;
		mh[off + 1] = (uint8_t)(rest - 2 > 255 ? 255 : rest - 2);
		off += 2 + mh[off + 1];
	}
	mh_finish(mh, sizeof(mh), &s, &d);
	CHECK(mh_parse(mh, sizeof(mh), &s, &d, &m) == MH_OK);
	CHECK(dsmip_build(buf, sizeof(buf), &s, &d, 1, mh, sizeof(mh)) ==
	      DSMIP_MAX_LEN);
	CHECK(buf[4] == 0x08 && buf[5] == 0x00);
	CHECK(dsmip_parse(buf, DSMIP_MAX_LEN, &p) == 0 &&
	      p.mh_len == MH_MAX_LEN);
	/* one octet more than the largest fails however it is framed */
	CHECK(dsmip_parse(buf, DSMIP_MAX_LEN + 1, &p) == -DSMIP_ERR_LEN);
	buf[5] = 1;
	CHECK(dsmip_parse(buf, DSMIP_MAX_LEN + 1, &p) == -DSMIP_ERR_MHLEN);
}

/* ---- vectors ---- */

/*
 * Made with scapy 2.5.0 (which has no DSMIPv6 options: they are given
 * as MIP6OptUnknown) on this machine:
 *	bu = MIP6MH_BU(seq=7, flags="AH", reserved=0x100, mhtime=16,
 *		options=[MIP6OptUnknown(otype=29, odata=b"\x80" + 5 * b"\0"),
 *			 MIP6OptUnknown(otype=32,
 *					odata=b"\0\0\xc0\x00\x02\x07")])
 *	bytes(IPv6(src="2001:db8:1::100", dst="2001:db8::1", hlim=64) / bu)
 * BU seq 7, A H and F (scapy's "reserved" bit 0x100: 9 bits after its 7
 * flags), lifetime 16; V4HOA Prefix-len 32, 0.0.0.0 (a dynamic address
 * asked for); V4COA 192.0.2.7; scapy's autopad PadN(2); its checksum
 * 0x21b3. The MH is suite_mh.c's test_dsmip_options() "bu" vector, but
 * for the checksum. tshark 4.0.17 decodes it the same way in IPv4/UDP
 * with "-d udp.port==4191,ipv6" (it does not take port 4191 for IPv6 by
 * itself).
 */
static const uint8_t scapy_bu[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x20, 0x87, 0x40, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x3b, 0x03, 0x05, 0x00, 0x21, 0xb3, 0x00, 0x07,
	0xc1, 0x00, 0x00, 0x10, 0x1d, 0x06, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x20, 0x06, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x07, 0x01, 0x02, 0x00, 0x00,
};

static void test_scapy(void)
{
	struct in6_addr s = A6("2001:db8:1::100"), d = A6("2001:db8::1");
	uint8_t mh[MH_MAX_LEN], buf[DSMIP_MAX_LEN];
	struct dsmip_pkt p;
	int n;

	CHECK(dsmip_parse(scapy_bu, sizeof(scapy_bu), &p) == 0);
	CHECK(!memcmp(&p.src, &s, 16) && !memcmp(&p.dst, &d, 16));
	CHECK(p.hop_limit == 64 && p.mh == scapy_bu + 40 && p.mh_len == 32);
	CHECK(mh_parse(p.mh, p.mh_len, &p.src, &p.dst, &m) == MH_OK);
	CHECK(m.type == MH_BU && m.bu.seq == 7 && m.bu.lifetime == 16);
	CHECK(m.bu.flags == (MH_BU_F_A | MH_BU_F_H | MH_BU_F_F));
	CHECK(m.opts == (MH_OPT(MHOPT_V4HOA) | MH_OPT(MHOPT_V4COA)));
	CHECK(m.v4hoa.plen == 32 && !m.v4hoa.flags &&
	      !memcmp(m.v4hoa.addr, "\0\0\0\0", 4));
	CHECK(!memcmp(m.v4coa, "\xc0\x00\x02\x07", 4));

	/* our codecs lay it out the same, checksum and all */
	n = mh_build(&m, mh, sizeof(mh));
	CHECK(n == 32);
	mh_finish(mh, (size_t)n, &s, &d);
	CHECK(dsmip_build(buf, sizeof(buf), &s, &d, 64, mh, (size_t)n) ==
	      (int)sizeof(scapy_bu));
	CHECK(!memcmp(buf, scapy_bu, sizeof(scapy_bu)));
}

/*
 * A whole datagram written out by hand, field by field, as tshark 4.0.17
 * decodes it (-d udp.port==4191,ipv6: IPv4 and UDP checksums
 * [correct]); the checksums were computed apart from mh.c (a few lines
 * of Python). A mobile node behind a NAT (4.2): its IPv4 care-of address
 * 10.0.0.5 became 198.51.100.20 port 49152.
 */
static const uint8_t hand_bu[] = {
	/* Internet Protocol Version 4, Src: 198.51.100.20, Dst: 203.0.113.1
	 * Total Length: 100, Identification: 0x1234, Don't fragment,
	 * Time to Live: 63, Protocol: UDP (17), Header Checksum: 0xc30b */
	0x45, 0x00, 0x00, 0x64, 0x12, 0x34, 0x40, 0x00,
	0x3f, 0x11, 0xc3, 0x0b,
	0xc6, 0x33, 0x64, 0x14,
	0xcb, 0x00, 0x71, 0x01,
	/* User Datagram Protocol, Src Port: 49152, Dst Port: 4191,
	 * Length: 80, Checksum: 0xe1ea */
	0xc0, 0x00, 0x10, 0x5f, 0x00, 0x50, 0xe1, 0xea,
	/* Internet Protocol Version 6, Src: 2001:db8:1::100,
	 * Dst: 2001:db8:1::1; Version: 6, Traffic Class: 0x00,
	 * Flow Label: 0x00000, Payload Length: 32,
	 * Next Header: Mobile IPv6 (135), Hop Limit: 64 */
	0x60, 0x00, 0x00, 0x00, 0x00, 0x20, 0x87, 0x40,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	/* Mobile IPv6: Payload protocol: No Next Header (59), Header
	 * length: 3 (32 bytes), Mobility Header Type: Binding Update (5),
	 * Reserved: 0x00, Checksum: 0x0df5 */
	0x3b, 0x03, 0x05, 0x00, 0x0d, 0xf5,
	/* Binding Update: Sequence number: 10783, A and H flags (F
	 * clear), Lifetime: 150 (600 seconds) */
	0x2a, 0x1f, 0xc0, 0x00, 0x00, 0x96,
	/* MIPv6 Option - IPv4 Home Address: Length: 6, Prefix-len: 24,
	 * P flag clear, IPv4 Home Address: 192.0.2.33 */
	0x1d, 0x06, 0x60, 0x00, 0xc0, 0x00, 0x02, 0x21,
	/* MIPv6 Option - IPv4 Care-of Address: Length: 6, Reserved: 0,
	 * IPv4 Care-of address: 10.0.0.5 */
	0x20, 0x06, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x05,
	/* MIPv6 Option - PadN: Length: 2 */
	0x01, 0x02, 0x00, 0x00,
};

static void test_hand(void)
{
	const uint8_t *udp = hand_bu + 20, *payload = hand_bu + 28;
	size_t len = sizeof(hand_bu) - 28;
	struct in6_addr s = A6(HOA), d = A6(HA);
	uint8_t buf[DSMIP_MAX_LEN];
	struct in_addr outer;
	struct dsmip_pkt p;

	/* the outer headers agree with what they carry */
	CHECK(sizeof(hand_bu) == 100 && hand_bu[9] == IPPROTO_UDP);
	CHECK((udp[2] << 8 | udp[3]) == DSMIP_PORT);
	CHECK((size_t)(udp[4] << 8 | udp[5]) == 8 + len);

	CHECK(dsmip_parse(payload, len, &p) == 0);
	CHECK(!memcmp(&p.src, &s, 16) && !memcmp(&p.dst, &d, 16));
	CHECK(p.hop_limit == 64 && p.mh == payload + 40 && p.mh_len == 32);
	CHECK(mh_parse(p.mh, p.mh_len, &p.src, &p.dst, &m) == MH_OK);
	CHECK(m.type == MH_BU && m.bu.seq == 10783 && m.bu.lifetime == 150);
	CHECK(m.bu.flags == (MH_BU_F_A | MH_BU_F_H));
	CHECK(m.v4hoa.plen == 24 && !m.v4hoa.flags &&
	      !memcmp(m.v4hoa.addr, "\xc0\x00\x02\x21", 4));
	CHECK(!memcmp(m.v4coa, "\x0a\x00\x00\x05", 4));

	/* the home agent's comparison (4.2): the outer source is the NAT's */
	memcpy(&outer, hand_bu + 12, 4);
	CHECK(dsmip_nat_detected(&outer, m.v4coa));
	memcpy(&outer, m.v4coa, 4);
	CHECK(!dsmip_nat_detected(&outer, m.v4coa));

	/* rebuilt from the parse: the same octets */
	CHECK(dsmip_build(buf, sizeof(buf), &p.src, &p.dst, p.hop_limit,
			  p.mh, p.mh_len) == (int)len);
	CHECK(!memcmp(buf, payload, len));
	/* the whole datagram is not an IPv6 packet */
	CHECK(dsmip_parse(hand_bu, sizeof(hand_bu), &p) ==
	      -DSMIP_ERR_VERSION);
}

/* ---- refusals ---- */

static void test_truncated(void)
{
	uint8_t buf[DSMIP_MAX_LEN];
	size_t len = bu_payload(buf, sizeof(buf)), i;
	struct dsmip_pkt p;
	unsigned int bad = 0;

	CHECK(len == 72);
	for (i = 0; i < len; i++) {
		int want = i < 40 ? -DSMIP_ERR_TRUNC : -DSMIP_ERR_LEN;

		if (dsmip_parse(buf, i, &p) != want) {
			fprintf(stderr, "length %zu: %s\n", i,
				dsmip_strerror(dsmip_parse(buf, i, &p)));
			bad++;
		}
	}
	CHECK(bad == 0);
	CHECK(dsmip_parse(NULL, 0, &p) == -DSMIP_ERR_TRUNC);
	CHECK(dsmip_parse(buf, len, &p) == 0);

	/* consistent lengths, but less than the 8 octets of any MH */
	for (i = 0; i < 8; i++) {
		buf[4] = 0;
		buf[5] = (uint8_t)i;
		CHECK(dsmip_parse(buf, 40 + i, &p) == -DSMIP_ERR_TRUNC);
	}
}

static void test_length_mismatch(void)
{
	uint8_t buf[DSMIP_MAX_LEN];
	size_t len = bu_payload(buf, sizeof(buf));
	struct dsmip_pkt p;

	/* Payload Length one more, one less, zero, all ones */
	buf[5] = 33;
	CHECK(dsmip_parse(buf, len, &p) == -DSMIP_ERR_LEN);
	buf[5] = 31;
	CHECK(dsmip_parse(buf, len, &p) == -DSMIP_ERR_LEN);
	buf[5] = 0;
	CHECK(dsmip_parse(buf, len, &p) == -DSMIP_ERR_LEN);
	buf[4] = buf[5] = 0xff;
	CHECK(dsmip_parse(buf, len, &p) == -DSMIP_ERR_LEN);
	/* the high octet counts too: 256 + 32 */
	buf[4] = 1;
	buf[5] = 32;
	CHECK(dsmip_parse(buf, len, &p) == -DSMIP_ERR_LEN);
	buf[4] = 0;
	CHECK(dsmip_parse(buf, len, &p) == 0);
	/* trailing octets after a right Payload Length (the UDP datagram
	 * is longer than the IPv6 packet), zero or not */
	buf[len] = 0;
	CHECK(dsmip_parse(buf, len + 1, &p) == -DSMIP_ERR_LEN);
	memset(buf + len, 0, 8);
	CHECK(dsmip_parse(buf, len + 8, &p) == -DSMIP_ERR_LEN);
	/* a longer Payload Length that says so, but MH Header Len 3 */
	buf[5] = 40;
	CHECK(dsmip_parse(buf, len + 8, &p) == -DSMIP_ERR_MHLEN);
}

static void test_version(void)
{
	uint8_t buf[DSMIP_MAX_LEN];
	size_t len = bu_payload(buf, sizeof(buf));
	static const uint8_t v[] = { 0x40, 0x45, 0x00, 0x70, 0xf0 };
	struct dsmip_pkt p;
	unsigned int i;

	for (i = 0; i < sizeof(v); i++) {
		buf[0] = v[i];
		CHECK(dsmip_parse(buf, len, &p) == -DSMIP_ERR_VERSION);
	}
	/* Traffic Class and Flow Label are not looked at (nor kept) */
	buf[0] = 0x6f;
	buf[1] = 0xff;
	buf[2] = 0xff;
	buf[3] = 0xff;
	CHECK(dsmip_parse(buf, len, &p) == 0);
}

static void test_next_header(void)
{
	uint8_t buf[DSMIP_MAX_LEN];
	size_t len = bu_payload(buf, sizeof(buf));
	/* Hop-by-Hop, Routing, Destination Options, ESP (RFC 5555 4.2
	 * draws it there), No Next Header, UDP, ICMPv6, AH */
	static const uint8_t nh[] = { 0, 43, 60, 50, 59, 17, 58, 51 };
	struct dsmip_pkt p;
	unsigned int i;

	for (i = 0; i < sizeof(nh); i++) {
		buf[6] = nh[i];
		CHECK(dsmip_parse(buf, len, &p) == -DSMIP_ERR_NEXTHDR);
	}
	buf[6] = IPPROTO_MH;
	CHECK(dsmip_parse(buf, len, &p) == 0);

	/* a well-formed Destination Options header with a Home Address
	 * option (RFC 6275 6.3, at 8n+6 after a PadN) before the MH:
	 * still refused */
	memmove(buf + 64, buf + 40, len - 40);
	memset(buf + 40, 0, 24);
	buf[40] = IPPROTO_MH;		/* its Next Header */
	buf[41] = 2;			/* (2 + 1) * 8 octets */
	buf[42] = 1;			/* PadN(2) */
	buf[43] = 2;
	buf[46] = 201;			/* Home Address option */
	buf[47] = 16;
	memcpy(buf + 48, buf + 8, 16);
	buf[5] = (uint8_t)(len - 40 + 24);
	buf[6] = 60;
	CHECK(dsmip_parse(buf, len + 24, &p) == -DSMIP_ERR_NEXTHDR);
}

static void test_mh_len(void)
{
	uint8_t buf[DSMIP_MAX_LEN];
	size_t len = bu_payload(buf, sizeof(buf));
	static const uint8_t hl[] = { 0, 1, 2, 4, 255 };
	struct dsmip_pkt p;
	unsigned int i;

	CHECK(buf[41] == 3);
	for (i = 0; i < sizeof(hl); i++) {
		buf[41] = hl[i];
		CHECK(dsmip_parse(buf, len, &p) == -DSMIP_ERR_MHLEN);
	}
	/* not a multiple of 8: Header Len cannot match */
	buf[41] = 3;
	buf[5] = 33;
	buf[len] = 0;
	CHECK(dsmip_parse(buf, len + 1, &p) == -DSMIP_ERR_MHLEN);
	/* the smallest MH, Header Len 0 */
	buf[5] = 8;
	buf[41] = 0;
	CHECK(dsmip_parse(buf, 48, &p) == 0 && p.mh_len == 8);
}

static void test_addresses(void)
{
	static const char *const bad_src[] = {
		"ff02::1", "ff05::2", "ff0e::1:2", "::", "::1",
	};
	static const char *const bad_dst[] = {
		"ff02::1", "ff02::2", "ff0e::101", "::",
	};
	static const char *const good[] = {
		"fe80::1", "2001:db8::2", "fd00::5", "::ffff:192.0.2.1",
	};
	uint8_t buf[DSMIP_MAX_LEN];
	size_t len = bu_payload(buf, sizeof(buf));
	struct in6_addr a, hoa = A6(HOA), ha = A6(HA);
	struct dsmip_pkt p;
	unsigned int i;

	for (i = 0; i < sizeof(bad_src) / sizeof(bad_src[0]); i++) {
		a = A6(bad_src[i]);
		memcpy(buf + 8, &a, 16);
		CHECK(dsmip_parse(buf, len, &p) == -DSMIP_ERR_ADDR);
	}
	memcpy(buf + 8, &hoa, 16);
	for (i = 0; i < sizeof(bad_dst) / sizeof(bad_dst[0]); i++) {
		a = A6(bad_dst[i]);
		memcpy(buf + 24, &a, 16);
		CHECK(dsmip_parse(buf, len, &p) == -DSMIP_ERR_ADDR);
	}
	/* a loopback destination is the caller's to refuse (it is not one
	 * of its addresses); the codec only turns away what no BU or BA
	 * can have */
	a = A6("::1");
	memcpy(buf + 24, &a, 16);
	CHECK(dsmip_parse(buf, len, &p) == 0);
	memcpy(buf + 24, &ha, 16);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		a = A6(good[i]);
		memcpy(buf + 8, &a, 16);
		CHECK(dsmip_parse(buf, len, &p) == 0 &&
		      !memcmp(&p.src, &a, 16));
		memcpy(buf + 8, &hoa, 16);
		memcpy(buf + 24, &a, 16);
		CHECK(dsmip_parse(buf, len, &p) == 0 &&
		      !memcmp(&p.dst, &a, 16));
		memcpy(buf + 24, &ha, 16);
	}
}

/* ---- building ---- */

static void test_build_nospace(void)
{
	uint8_t mh[MH_MAX_LEN], buf[128], want[128];
	struct in6_addr s = A6(HOA), d = A6(HA);
	int n = make_bu(mh, sizeof(mh)), total;
	size_t cap, i;
	unsigned int bad = 0;

	total = dsmip_build(want, sizeof(want), &s, &d, 64, mh, (size_t)n);
	CHECK(total == 72);
	for (cap = 0; cap < (size_t)total; cap++) {
		memset(buf, 0xee, sizeof(buf));
		if (dsmip_build(buf, cap, &s, &d, 64, mh, (size_t)n) !=
		    -DSMIP_ERR_NOSPACE)
			bad++;
		/* nothing written, not even within cap */
		for (i = 0; i < sizeof(buf); i++)
			if (buf[i] != 0xee) {
				bad++;
				break;
			}
	}
	CHECK(bad == 0);
	memset(buf, 0xee, sizeof(buf));
	CHECK(dsmip_build(buf, (size_t)total, &s, &d, 64, mh, (size_t)n) ==
	      total);
	CHECK(!memcmp(buf, want, (size_t)total) && buf[total] == 0xee);
	/* more than Payload Length can say, whatever the room */
	CHECK(dsmip_build(buf, SIZE_MAX, &s, &d, 64, mh, 0x10000) ==
	      -DSMIP_ERR_NOSPACE);
	/* no MH at all: a bare header (which dsmip_parse() refuses) */
	CHECK(dsmip_build(buf, 40, &s, &d, 64, NULL, 0) == 40);
	CHECK(buf[4] == 0 && buf[5] == 0 && buf[6] == IPPROTO_MH);
}

static void test_build_alias(void)
{
	uint8_t want[DSMIP_MAX_LEN], buf[DSMIP_MAX_LEN];
	struct in6_addr s = A6(HA), d = A6(HOA);
	struct dsmip_pkt p;
	int n, total;

	total = make_ba(want + 40, sizeof(want) - 40);
	total = dsmip_build(want, sizeof(want), &s, &d, 64, want + 40,
			    (size_t)total);
	CHECK(total == 72);

	/* the message built in place, then wrapped */
	memset(buf, 0x5a, sizeof(buf));
	n = make_ba(buf + 40, sizeof(buf) - 40);
	CHECK(n == 32);
	CHECK(dsmip_build(buf, sizeof(buf), &s, &d, 64, buf + 40,
			  (size_t)n) == total);
	CHECK(!memcmp(buf, want, (size_t)total));

	/* a packet rebuilt from its own octets: src, dst and mh in buf */
	CHECK(dsmip_parse(buf, (size_t)total, &p) == 0);
	buf[1] = 0x12;	/* (a Flow Label, which the rebuild clears) */
	CHECK(dsmip_build(buf, sizeof(buf), (const struct in6_addr *)(buf + 8),
			  (const struct in6_addr *)(buf + 24), 64, buf + 40,
			  (size_t)n) == total);
	CHECK(!memcmp(buf, want, (size_t)total));

	/* the message further in, or overlapping the header's place */
	memcpy(buf + 100, want + 40, (size_t)n);
	CHECK(dsmip_build(buf, sizeof(buf), &s, &d, 64, buf + 100,
			  (size_t)n) == total);
	CHECK(!memcmp(buf, want, (size_t)total));
	memcpy(buf + 10, want + 40, (size_t)n);
	CHECK(dsmip_build(buf, sizeof(buf), &s, &d, 64, buf + 10,
			  (size_t)n) == total);
	CHECK(!memcmp(buf, want, (size_t)total));
}

/* ---- NAT detection, keepalives, texts ---- */

static void test_nat(void)
{
	struct in_addr a = A4("198.51.100.20");

	CHECK(!dsmip_nat_detected(&a, (const uint8_t *)"\xc6\x33\x64\x14"));
	CHECK(dsmip_nat_detected(&a, (const uint8_t *)"\xc6\x33\x64\x15"));
	CHECK(dsmip_nat_detected(&a, (const uint8_t *)"\x14\x64\x33\xc6"));
	CHECK(dsmip_nat_detected(&a, (const uint8_t *)"\x0a\x00\x00\x05"));
}

static void test_keepalive(void)
{
	CHECK(DSMIP_NATKATIMEOUT_S == 110 && DSMIP_PORT == 4191);
	/* no NAT Detection option: the default */
	CHECK(dsmip_keepalive_s(false, 30, DSMIP_NATKATIMEOUT_S) == 110);
	CHECK(dsmip_keepalive_s(false, 0xffffffffu, 110) == 110);
	/* 3.2.2: 0 is ignored; all 1s: none needed */
	CHECK(dsmip_keepalive_s(true, 0, DSMIP_NATKATIMEOUT_S) == 110);
	CHECK(dsmip_keepalive_s(true, 0, 25) == 25);
	CHECK(dsmip_keepalive_s(true, MH_NATD_NO_REFRESH, 110) == 0);
	/* 4.3: the home agent's suggestion, whatever it is */
	CHECK(dsmip_keepalive_s(true, 30, 110) == 30);
	CHECK(dsmip_keepalive_s(true, 1, 110) == 1);
	CHECK(dsmip_keepalive_s(true, 3600, 110) == 3600);
	CHECK(dsmip_keepalive_s(true, 0xfffffffeu, 110) == 0xfffffffeu);
}

static void test_strerror(void)
{
	int e;

	CHECK_STR(dsmip_strerror(0), "ok");
	CHECK_STR(dsmip_strerror(-DSMIP_ERR_VERSION), "not IPv6");
	CHECK_STR(dsmip_strerror(DSMIP_ERR_VERSION), "not IPv6");
	CHECK_STR(dsmip_strerror(-DSMIP_ERR_LEN), "length mismatch");
	CHECK_STR(dsmip_strerror(-DSMIP_ERR_NEXTHDR), "not a mobility header");
	CHECK_STR(dsmip_strerror(-DSMIP_ERR_ADDR), "bad address");
	CHECK_STR(dsmip_strerror(-DSMIP_ERR_TRUNC), "truncated");
	CHECK_STR(dsmip_strerror(-DSMIP_ERR_NOSPACE), "no space");
	CHECK_STR(dsmip_strerror(-DSMIP_ERR_MHLEN),
		  "mobility header length mismatch");
	CHECK_STR(dsmip_strerror(DSMIP_ERR_MAX), "unknown error");
	CHECK_STR(dsmip_strerror(-DSMIP_ERR_MAX), "unknown error");
	CHECK_STR(dsmip_strerror(-1000), "unknown error");
	/* every code has a text, short and lowercase (but "IPv6") */
	for (e = 1; e < DSMIP_ERR_MAX; e++) {
		const char *t = dsmip_strerror(-e);

		CHECK(strcmp(t, "unknown error") && strlen(t) < 40 &&
		      t[0] >= 'a' && t[0] <= 'z');
	}
}

int main(void)
{
	test_roundtrip_bu();
	test_roundtrip_ba();
	test_max_len();
	test_scapy();
	test_hand();
	test_truncated();
	test_length_mismatch();
	test_version();
	test_next_header();
	test_mh_len();
	test_addresses();
	test_build_nospace();
	test_build_alias();
	test_nat();
	test_keepalive();
	test_strerror();
	printf("%d passed, %d failed\n", t_pass, t_fail);
	return t_fail ? 1 : 0;
}
