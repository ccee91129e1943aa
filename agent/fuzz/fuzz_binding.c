// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_binding.c - libFuzzer target for the IPMOB_A_BINDING codec
 * (binding.c): binding_from_nest(), then binding_to_nest() and
 * binding_format() on what parsed.
 *
 * The input is the payload of one IPMOB_A_BINDING nest, as the kernel
 * would send it in a reply or a notification (the nest header itself
 * is made to fit, as mnl_attr_for_each() guarantees in ipmob and
 * ipmobd). A nest that parses must:
 *  - hold at most IPMOB_MAX_COA records (coa_truncated only when full);
 *  - format to one line, of the length binding_format() announces
 *    (also without a buffer), and to its start into shorter buffers
 *    (terminated, never written past: heap blocks of exactly that
 *    size), as snprintf does: eight cuts per input, two of them picked
 *    by the input;
 *  - go back into a nest (binding_to_nest) and parse to the same
 *    struct, but for the read-only attributes, which are not written,
 *    and the records beyond IPMOB_MAX_COA; the second encoding is the
 *    same octets as the first (a fixed point);
 *  - be refused by binding_to_nest into a buffer one octet short, with
 *    nlmsg_len unchanged and nothing written past the buffer;
 *  - key equal to itself and to its round trip (binding_same_key).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "binding.h"
#include "genl.h"
#include "util.h"

#define FAIL(...)							\
	do {								\
		fprintf(stderr, "fuzz_binding: " __VA_ARGS__);		\
		fputc('\n', stderr);					\
		abort();						\
	} while (0)

/* The nest header plus a payload that keeps nla_len within 16 bits. */
#define MAX_PAYLOAD	(UINT16_MAX - MNL_ATTR_HDRLEN)

/* Attributes binding_to_nest() never writes. */
#define READ_ONLY	(BA_BIT(IPMOB_BA_REMAINING) | BA_BIT(IPMOB_BA_FLAGS) | \
			 BA_BIT(IPMOB_BA_TX_PACKETS) |			\
			 BA_BIT(IPMOB_BA_RX_PACKETS) |			\
			 BA_BIT(IPMOB_BA_BUFFERED))

/* Attributes 1..IPMOB_BA_MAX. */
#define KNOWN		(BA_BIT(IPMOB_BA_MAX + 1) - 2)

static uint32_t nlbuf[(NLMSG_HDRLEN + GENL_HDRLEN + 2 * 65536) / 4];

static const char *const devs[] = { NULL, "mob0", "a-15-byte-name!" };

/*
 * The line into its own length and into short buffers. The cuts: the
 * first three octets, the middle, the last two, and two that the input
 * picks (h), so that over many inputs every boundary is tried while one
 * input formats a dozen times rather than some seventy (make check runs
 * each target a million times).
 */
static void check_format(const struct ipmob_binding *b, const char *dev,
			 bool cuts, uint32_t h)
{
	static char full[65536];
	size_t n = binding_format(full, sizeof(full), b, dev), cut;
	size_t cutv[8];
	unsigned int k;

	if (n >= sizeof(full))
		FAIL("line of %zu bytes", n);
	if (strlen(full) != n)
		FAIL("line length %zu, announced %zu", strlen(full), n);
	if (strchr(full, '\n') || (n && (full[0] == ' ' || full[n - 1] == ' ')))
		FAIL("not one trimmed line: \"%s\"", full);
	if (binding_format(NULL, 0, b, dev) != n)
		FAIL("length differs without a buffer");
	if (!cuts)
		return;
	cutv[0] = 1;
	cutv[1] = 2;
	cutv[2] = 3;
	cutv[3] = n / 2 + 1;
	cutv[4] = n;
	cutv[5] = n + 1;
	cutv[6] = 1 + h % (n + 1);
	cutv[7] = 1 + (h >> 16) % (n + 1);
	/* short buffers: the same text, cut, in blocks of exactly that size */
	for (k = 0; k < ARRAY_SIZE(cutv); k++) {
		char *p;

		cut = cutv[k];
		if (cut < 1 || cut > n + 1)
			continue;
		p = malloc(cut);
		size_t m;

		if (!p)
			abort();
		m = binding_format(p, cut, b, dev);
		if (m != n)
			FAIL("length %zu into %zu bytes, %zu in full", m, cut, n);
		if (strlen(p) != (n < cut ? n : cut - 1) ||
		    strncmp(p, full, cut - 1))
			FAIL("\"%s\" in %zu bytes, not the start of \"%s\"", p,
			     cut, full);
		free(p);
	}
}

static struct nlmsghdr *msg_start(void *buf)
{
	memset(buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	return genl_msg_start(buf, 0x2a, IPMOB_CMD_BINDING_NEW,
			      IPMOB_GENL_VERSION, 0);
}

static void check_round_trip(const struct ipmob_binding *b)
{
	static uint32_t buf1[65536 / 4 + 64], buf2[65536 / 4 + 64];
	struct nlmsghdr *n1 = msg_start(buf1), *n2 = msg_start(buf2), *s;
	struct ipmob_binding want, got;
	const struct nlattr *nest;
	size_t len;
	void *small;
	unsigned int i;

	if (!binding_to_nest(n1, sizeof(buf1), IPMOB_A_BINDING, b))
		FAIL("does not go back into a nest");
	nest = mnl_nlmsg_get_payload_offset(n1, GENL_HDRLEN);
	if (binding_from_nest(nest, &got) < 0)
		FAIL("the nest binding_to_nest wrote does not parse");

	want = *b;
	want.present &= ~READ_ONLY;
	want.remaining = want.flags = want.buffered = 0;
	want.tx_packets = want.rx_packets = 0;
	want.coa_truncated = false;
	if (memcmp(&want, &got, sizeof(got)))
		FAIL("round trip differs");
	if (!binding_same_key(b, &got) || !binding_same_key(&got, b) ||
	    binding_kind(b) != binding_kind(&got) ||
	    binding_prefix_len(b) != binding_prefix_len(&got))
		FAIL("round trip keys differently");
	/* a truncated list is never "IPv6 only": the rest is unknown */
	if (!b->coa_truncated &&
	    binding_is_ip6_only(b) != binding_is_ip6_only(&got))
		FAIL("round trip changes the families");

	if (!binding_to_nest(n2, sizeof(buf2), IPMOB_A_BINDING, &got) ||
	    n2->nlmsg_len != n1->nlmsg_len ||
	    memcmp(n1, n2, n1->nlmsg_len))
		FAIL("second encoding differs");

	/* one octet short, in a heap block of exactly that size */
	len = n1->nlmsg_len - 1;
	small = malloc(len);
	if (!small)
		abort();
	s = msg_start(small);
	if (binding_to_nest(s, len, IPMOB_A_BINDING, b))
		FAIL("fits in %zu bytes, needs %u", len, n1->nlmsg_len);
	if (s->nlmsg_len != NLMSG_HDRLEN + GENL_HDRLEN)
		FAIL("refused nest changed nlmsg_len");
	free(small);

	for (i = 0; i < b->ncoa; i++)
		(void)binding_encap_name(b, &b->coa[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nlmsghdr *nlh = msg_start(nlbuf);
	struct ipmob_binding b;
	struct nlattr *nest;
	unsigned int i;

	if (size > MAX_PAYLOAD)
		size = MAX_PAYLOAD;
	nest = mnl_attr_nest_start(nlh, IPMOB_A_BINDING);
	memcpy(mnl_attr_get_payload(nest), data, size);
	nest->nla_len = (uint16_t)(MNL_ATTR_HDRLEN + size);

	if (binding_from_nest(nest, &b) < 0)
		return 0;
	if (b.present & ~KNOWN)
		FAIL("present 0x%x: unknown attributes", b.present);
	if (b.ncoa > IPMOB_MAX_COA || (b.coa_truncated && b.ncoa != IPMOB_MAX_COA))
		FAIL("%u records, truncated %d", b.ncoa, b.coa_truncated);
	if (BA_HAS(&b, IPMOB_BA_COA) != (b.ncoa > 0))
		FAIL("coa present without records, or records without coa");
	if (binding_prefix_len(&b) > 255)
		FAIL("prefix length");
	if (!binding_same_key(&b, &b))
		FAIL("not the same key as itself");
	{
		uint32_t h = 2166136261u;	/* FNV-1a of the input */

		for (i = 0; i < size; i++)
			h = (h ^ data[i]) * 16777619u;
		/* every device name in full; the cuts with one of them */
		for (i = 0; i < ARRAY_SIZE(devs); i++)
			check_format(&b, devs[i], i == h % ARRAY_SIZE(devs), h);
	}
	check_round_trip(&b);
	return 0;
}
