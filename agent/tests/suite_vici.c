// SPDX-License-Identifier: GPL-2.0
/*
 * suite_vici.c - tests of the VICI codec (vici.c; the format of
 * strongSwan's src/libcharon/plugins/vici/README.md): a load-conn
 * request written and read back element by element, the bytes of a
 * small request worked out by hand from the README, the segment and
 * packet framing, every cut of a message, bad nesting and unknown
 * elements, each misuse of the writer, the writer at every buffer size
 * below what it needs (with a canary past the buffer), and the
 * top-level look-ups.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vici.h"
#include "t.h"

int t_pass, t_fail;

#define CANARY	0xa5
#define PAD	64

static uint8_t big[VICI_MAX_SEGMENT + 1024];

/*
 * A load-conn request of the shape ipmob's mobile node sends: a
 * connection with nested local, remote and children sections, lists and
 * key/values, and the elements the reader must give back for it.
 */
static long load_conn(uint8_t *buf, size_t cap)
{
	static const char *const esp[] = { "aes256gcm16", "default" };
	static const char *const lts[] = { "2001:db8:1::100/128" };
	struct vici_w w;

	vici_w_start(&w, buf, cap, VICI_CMD_REQUEST, "load-conn");
	vici_w_section(&w, "mip6");
	vici_w_kvs(&w, "version", "2");
	vici_w_list(&w, "local_addrs");
	vici_w_item(&w, "2001:db8:2::1");
	vici_w_list_end(&w);
	vici_w_items(&w, "remote_addrs", (const char *const[]){ "2001:db8:1::1" }, 1);
	vici_w_kvs(&w, "mobike", "yes");
	vici_w_kvu(&w, "rekey_time", 14400);
	vici_w_section(&w, "local-0");
	vici_w_kvs(&w, "auth", "pubkey");
	vici_w_items(&w, "certs", (const char *const[]){ "mn.pem" }, 1);
	vici_w_kv(&w, "id", "mn@example.org", 14);
	vici_w_end(&w);
	vici_w_section(&w, "children");
	vici_w_section(&w, "mip6-ho");
	vici_w_items(&w, "local_ts", lts, 1);
	vici_w_items(&w, "remote_ts", NULL, 0);
	vici_w_items(&w, "esp_proposals", esp, 2);
	vici_w_kvs(&w, "mode", "transport");
	vici_w_kvu(&w, "zero", 0);
	vici_w_end(&w);
	vici_w_end(&w);
	vici_w_end(&w);
	vici_w_kvs(&w, "empty", "");
	return vici_w_finish(&w);
}

struct want {
	enum vici_el_type type;
	const char *name;	/* NULL: no name */
	const char *val;	/* NULL: no value */
	int depth;
};

static const struct want load_conn_els[] = {
	{ VICI_SECTION_START, "mip6", NULL, 0 },
	{ VICI_KEY_VALUE, "version", "2", 1 },
	{ VICI_LIST_START, "local_addrs", NULL, 1 },
	{ VICI_LIST_ITEM, NULL, "2001:db8:2::1", 1 },
	{ VICI_LIST_END, NULL, NULL, 1 },
	{ VICI_LIST_START, "remote_addrs", NULL, 1 },
	{ VICI_LIST_ITEM, NULL, "2001:db8:1::1", 1 },
	{ VICI_LIST_END, NULL, NULL, 1 },
	{ VICI_KEY_VALUE, "mobike", "yes", 1 },
	{ VICI_KEY_VALUE, "rekey_time", "14400", 1 },
	{ VICI_SECTION_START, "local-0", NULL, 1 },
	{ VICI_KEY_VALUE, "auth", "pubkey", 2 },
	{ VICI_LIST_START, "certs", NULL, 2 },
	{ VICI_LIST_ITEM, NULL, "mn.pem", 2 },
	{ VICI_LIST_END, NULL, NULL, 2 },
	{ VICI_KEY_VALUE, "id", "mn@example.org", 2 },
	{ VICI_SECTION_END, NULL, NULL, 1 },
	{ VICI_SECTION_START, "children", NULL, 1 },
	{ VICI_SECTION_START, "mip6-ho", NULL, 2 },
	{ VICI_LIST_START, "local_ts", NULL, 3 },
	{ VICI_LIST_ITEM, NULL, "2001:db8:1::100/128", 3 },
	{ VICI_LIST_END, NULL, NULL, 3 },
	{ VICI_LIST_START, "remote_ts", NULL, 3 },
	{ VICI_LIST_END, NULL, NULL, 3 },
	{ VICI_LIST_START, "esp_proposals", NULL, 3 },
	{ VICI_LIST_ITEM, NULL, "aes256gcm16", 3 },
	{ VICI_LIST_ITEM, NULL, "default", 3 },
	{ VICI_LIST_END, NULL, NULL, 3 },
	{ VICI_KEY_VALUE, "mode", "transport", 3 },
	{ VICI_KEY_VALUE, "zero", "0", 3 },
	{ VICI_SECTION_END, NULL, NULL, 2 },
	{ VICI_SECTION_END, NULL, NULL, 1 },
	{ VICI_SECTION_END, NULL, NULL, 0 },
	{ VICI_KEY_VALUE, "empty", "", 0 },
};

#define N_ELS (sizeof(load_conn_els) / sizeof(load_conn_els[0]))

/* Whether e is w, and points into [msg, end). */
static bool el_is(const struct vici_el *e, const struct want *w,
		  const uint8_t *msg, const uint8_t *end)
{
	if (e->type != w->type || e->depth != w->depth)
		return false;
	if (w->name ? !vici_name_is(e, w->name) ||
		      (const uint8_t *)e->name < msg ||
		      (const uint8_t *)e->name + e->name_len > end
		    : e->name != NULL || e->name_len)
		return false;
	if (w->val ? !e->val || e->val_len != strlen(w->val) ||
		     memcmp(e->val, w->val, e->val_len) || e->val < msg ||
		     e->val + e->val_len > end
		   : e->val != NULL || e->val_len)
		return false;
	return true;
}

static void test_round_trip(void)
{
	uint8_t buf[1024];
	struct vici_pkt p;
	struct vici_it it;
	struct vici_el e;
	unsigned int i;
	long n;

	n = load_conn(buf, sizeof(buf));
	CHECK(n > 4);
	if (n <= 4)
		return;
	CHECK(vici_seg_len(buf, (size_t)n) == n);
	CHECK(vici_pkt_parse(buf + 4, (size_t)n - 4, &p) == 0);
	CHECK(p.type == VICI_CMD_REQUEST && p.name_len == 9 &&
	      !memcmp(p.name, "load-conn", 9));
	CHECK(p.msg == buf + 4 + 1 + 1 + 9 && p.msg + p.msg_len == buf + n);
	CHECK(vici_msg_check(p.msg, p.msg_len) == 0);
	vici_it_init(&it, p.msg, p.msg_len);
	for (i = 0; i < N_ELS; i++) {
		int r = vici_next(&it, &e);

		CHECK(r == 1);
		if (r != 1)
			return;
		if (!el_is(&e, &load_conn_els[i], p.msg, p.msg + p.msg_len)) {
			t_fail++;
			fprintf(stderr, "FAIL %s:%d: element %u\n", __FILE__,
				__LINE__, i);
		} else {
			t_pass++;
		}
	}
	CHECK(vici_next(&it, &e) == 0);
	CHECK(vici_next(&it, &e) == 0);
	/* key/values inside sections are not at the top level */
	CHECK(vici_bool(p.msg, p.msg_len, "mobike") == -1);
	CHECK(vici_str(p.msg, p.msg_len, "empty", (char[1]){ 1 }, 1));
}

/*
 * CMD_REQUEST "x" with { a = b, s { l = [ 1 ] } } (README: packet type,
 * name length and name, then the elements: SECTION_START 1, SECTION_END
 * 2, KEY_VALUE 3, LIST_START 4, LIST_ITEM 5, LIST_END 6).
 */
static const uint8_t small[] = {
	0x00, 0x00, 0x00, 0x15,		/* packet length: 21 */
	0x00, 0x01, 'x',		/* CMD_REQUEST, "x" */
	0x03, 0x01, 'a', 0x00, 0x01, 'b',	/* a = b */
	0x01, 0x01, 's',		/* s { */
	0x04, 0x01, 'l',		/* l = [ */
	0x05, 0x00, 0x01, '1',		/* 1 */
	0x06,				/* ] */
	0x02,				/* } */
};

static void test_exact_bytes(void)
{
	uint8_t buf[64];
	struct vici_w w;

	memset(buf, CANARY, sizeof(buf));
	vici_w_start(&w, buf, sizeof(buf), VICI_CMD_REQUEST, "x");
	vici_w_kvs(&w, "a", "b");
	vici_w_section(&w, "s");
	vici_w_list(&w, "l");
	vici_w_item(&w, "1");
	vici_w_list_end(&w);
	vici_w_end(&w);
	CHECK(vici_w_finish(&w) == (long)sizeof(small));
	CHECK(!memcmp(buf, small, sizeof(small)));
	CHECK(buf[sizeof(small)] == CANARY);

	/* the unnamed and message-less packets */
	vici_w_start(&w, buf, sizeof(buf), VICI_CMD_RESPONSE, NULL);
	CHECK(vici_w_finish(&w) == 5);
	CHECK(!memcmp(buf, "\0\0\0\1\1", 5));
	vici_w_start(&w, buf, sizeof(buf), VICI_EVENT_CONFIRM, NULL);
	CHECK(vici_w_finish(&w) == 5);
	CHECK(!memcmp(buf, "\0\0\0\1\5", 5));
	vici_w_start(&w, buf, sizeof(buf), VICI_EVENT_REGISTER, "ike-updown");
	CHECK(vici_w_finish(&w) == 16);
	CHECK(!memcmp(buf, "\0\0\0\x0c\3\x0aike-updown", 16));
	/* kvu: decimal, the largest value, raw values with a NUL */
	vici_w_start(&w, buf, sizeof(buf), VICI_EVENT, "e");
	vici_w_kvu(&w, "u", 18446744073709551615ull);
	vici_w_list(&w, "l");
	vici_w_item_raw(&w, "\0z", 2);
	vici_w_list_end(&w);
	CHECK(vici_w_finish(&w) == 4 + 3 + 25 + 3 + 5 + 1);
	CHECK(!memcmp(buf + 7, "\3\1u\0\x14" "18446744073709551615"
			       "\4\1l\5\0\2\0z\6", 34));
}

static void test_seg_len(void)
{
	uint8_t two[sizeof(small) + 5];
	size_t i;

	for (i = 0; i < 4; i++)
		CHECK(vici_seg_len(small, i) == 0);
	for (i = 4; i < sizeof(small); i++)
		CHECK(vici_seg_len(small, i) == 0);
	CHECK(vici_seg_len(small, sizeof(small)) == (long)sizeof(small));
	memcpy(two, small, sizeof(small));
	memcpy(two + sizeof(small), "\0\0\0\1\2", 5);
	CHECK(vici_seg_len(two, sizeof(two)) == (long)sizeof(small));
	CHECK(vici_seg_len(two + sizeof(small), 5) == 5);
	CHECK(vici_seg_len(two + sizeof(small), 4) == 0);
	/* zero length, oversize, the largest */
	CHECK(vici_seg_len((const uint8_t *)"\0\0\0\0", 4) == -1);
	CHECK(vici_seg_len((const uint8_t *)"\0\0\0\0\1\2\3", 7) == -1);
	CHECK(vici_seg_len((const uint8_t *)"\0\x08\0\1", 4) == -1);
	CHECK(vici_seg_len((const uint8_t *)"\xff\xff\xff\xff", 4) == -1);
	CHECK(vici_seg_len((const uint8_t *)"\0\x08\0\0", 4) == 0);
	memset(big, 0, sizeof(big));
	big[1] = 0x08;
	CHECK(vici_seg_len(big, 4 + VICI_MAX_SEGMENT) ==
	      4 + VICI_MAX_SEGMENT);
	CHECK(vici_seg_len(big, 3 + VICI_MAX_SEGMENT) == 0);
}

static int parse(const char *s, size_t len, struct vici_pkt *p)
{
	return vici_pkt_parse((const uint8_t *)s, len, p);
}

static void test_pkt_parse(void)
{
	struct vici_pkt p;
	unsigned int t;

	CHECK(parse("\0\4list\3\1k\0\0", 10, &p) == 0);
	CHECK(p.type == VICI_CMD_REQUEST && p.name_len == 4 &&
	      !memcmp(p.name, "list", 4) && p.msg_len == 4 &&
	      !memcmp(p.msg, "\3\1k\0", 4));
	CHECK(parse("\0\4list", 6, &p) == 0 && p.msg_len == 0);
	CHECK(parse("\1", 1, &p) == 0);
	CHECK(p.type == VICI_CMD_RESPONSE && !p.name && !p.name_len &&
	      p.msg_len == 0);
	CHECK(parse("\1\2\0", 3, &p) == 0 && !p.name && p.msg_len == 2);
	CHECK(parse("\2", 1, &p) == 0 && p.type == VICI_CMD_UNKNOWN &&
	      !p.name && !p.msg_len);
	CHECK(parse("\3\3abc", 5, &p) == 0 &&
	      p.type == VICI_EVENT_REGISTER && p.name_len == 3 &&
	      !memcmp(p.name, "abc", 3) && !p.msg_len);
	{	/* no message: an empty one at the end, never NULL */
		static const uint8_t reg[] = { 3, 1, 'e' };

		CHECK(vici_pkt_parse(reg, sizeof(reg), &p) == 0 &&
		      p.msg == reg + 3 && !p.msg_len &&
		      vici_msg_check(p.msg, p.msg_len) == 0);
	}
	CHECK(parse("\4\1a", 3, &p) == 0 &&
	      p.type == VICI_EVENT_UNREGISTER && p.name_len == 1);
	CHECK(parse("\5", 1, &p) == 0 && p.type == VICI_EVENT_CONFIRM);
	CHECK(parse("\6", 1, &p) == 0 && p.type == VICI_EVENT_UNKNOWN);
	CHECK(parse("\7\2ev\2", 5, &p) == 0 && p.type == VICI_EVENT &&
	      p.name_len == 2 && p.msg_len == 1 && p.msg[0] == 2);
	/* empty, unknown types */
	CHECK(parse("", 0, &p) == -1);
	CHECK(parse("\x08", 1, &p) == -1);
	CHECK(parse("\xff\1a", 3, &p) == -1);
	/* each named type: no name, a name of 0, a name cut short, a NUL */
	for (t = 0; t <= VICI_EVENT; t++) {
		char b[8] = { (char)t, 5, 'a', 'b', 'c', 'd', 'e' };

		if (t != VICI_CMD_REQUEST && t != VICI_EVENT_REGISTER &&
		    t != VICI_EVENT_UNREGISTER && t != VICI_EVENT)
			continue;
		CHECK(parse(b, 1, &p) == -1);
		b[1] = 0;
		CHECK(parse(b, 2, &p) == -1);
		CHECK(parse(b, 7, &p) == -1);
		b[1] = 5;
		CHECK(parse(b, 6, &p) == -1);
		CHECK(parse(b, 7, &p) == 0);
		b[4] = 0;
		CHECK(parse(b, 7, &p) == -1);
	}
	/* data after the types that carry no message */
	CHECK(parse("\2\0", 2, &p) == -1);
	CHECK(parse("\2\2\1x", 4, &p) == -1);
	CHECK(parse("\5\0", 2, &p) == -1);
	CHECK(parse("\6\1", 2, &p) == -1);
	CHECK(parse("\3\1a\2", 4, &p) == -1);
	CHECK(parse("\4\1a\0", 4, &p) == -1);
}

static int next_all(const uint8_t *msg, size_t len, unsigned int *n)
{
	struct vici_it it;
	struct vici_el e;
	int r;

	*n = 0;
	vici_it_init(&it, msg, len);
	while ((r = vici_next(&it, &e)) > 0)
		(*n)++;
	if (vici_next(&it, &e) != r)	/* the end, or the error, stays */
		return 99;
	return r;
}

static int next_str(const char *s, size_t len)
{
	unsigned int n;

	return next_all((const uint8_t *)s, len, &n);
}

/* Every cut of a message inside a section: never well formed. */
static void cuts(const uint8_t *msg, size_t len)
{
	unsigned int n, whole, bad = 0;
	size_t cut;

	CHECK(next_all(msg, len, &whole) == 0);
	CHECK(vici_msg_check(msg, len) == 0);
	for (cut = 0; cut < len; cut++) {
		uint8_t *b = malloc(cut ? cut : 1);	/* exact: ASan */
		int r;

		if (!b)
			abort();
		memcpy(b, msg, cut);
		r = next_all(b, cut, &n);
		if (cut ? r != -1 || n >= whole ||
			  vici_msg_check(b, cut) != -1
			: r != 0 || n)
			bad++;
		free(b);
	}
	CHECK(bad == 0);
}

static void test_truncated(void)
{
	uint8_t buf[1024];
	struct vici_pkt p;
	long n = load_conn(buf, sizeof(buf));

	/* load-conn's message ends with a top-level key/value: cut that */
	CHECK(n > 0 && vici_pkt_parse(buf + 4, (size_t)n - 4, &p) == 0);
	if (n > 0)
		cuts(p.msg, p.msg_len - 9);
	cuts(small + 13, sizeof(small) - 13);
	/* a key/value (top level) cut anywhere but at its end */
	CHECK(next_str("\3", 1) == -1);
	CHECK(next_str("\3\1", 2) == -1);
	CHECK(next_str("\3\1k", 3) == -1);
	CHECK(next_str("\3\1k\0", 4) == -1);
	CHECK(next_str("\3\1k\0\2v", 6) == -1);
	CHECK(next_str("\3\1k\0\2vw", 7) == 0);
	CHECK(next_str("\3\0\0\0", 4) == 0);	/* an empty name is read */
	CHECK(next_str("\3\1\0\0\0", 5) == -1);	/* a NUL in it is not */
	CHECK(next_str("\3\1k\0\1\0", 6) == 0);	/* a NUL in a value is */
	CHECK(next_str("\3\1k\xff\xff", 5) == -1);
}

static void test_nesting(void)
{
	uint8_t deep[2 * (VICI_MAX_DEPTH + 1) * 3];
	struct vici_it it;
	struct vici_el e;
	unsigned int i, n;

	CHECK(next_str("\2", 1) == -1);			/* SECTION_END at top */
	CHECK(next_str("\6", 1) == -1);			/* LIST_END outside */
	CHECK(next_str("\5\0\0", 3) == -1);		/* LIST_ITEM outside */
	CHECK(next_str("\1\1s\5\0\0\2", 7) == -1);	/* in a section */
	CHECK(next_str("\4\1l\1\1s\2\6", 8) == -1);	/* section in list */
	CHECK(next_str("\4\1l\3\1k\0\0\6", 9) == -1);	/* kv in list */
	CHECK(next_str("\4\1l\4\1m\6\6", 8) == -1);	/* list in list */
	CHECK(next_str("\4\1l\2", 4) == -1);		/* SECTION_END in list */
	CHECK(next_str("\1\1s\4\1l\6\2\2", 9) == -1);	/* one end too many */
	CHECK(next_str("\1\1s", 3) == -1);		/* open at the end */
	CHECK(next_str("\4\1l\5\0\0", 6) == -1);
	CHECK(next_str("\1\1s\4\1l\5\0\1x\6\2", 12) == 0);
	CHECK(next_str("\0", 1) == -1);			/* unknown elements */
	CHECK(next_str("\7", 1) == -1);
	CHECK(next_str("\1\1s\7\2", 5) == -1);
	CHECK(next_str("\xff", 1) == -1);
	/* 16 sections deep, then 17 */
	for (i = 0; i < VICI_MAX_DEPTH + 1; i++) {
		deep[3 * i] = VICI_SECTION_START;
		deep[3 * i + 1] = 1;
		deep[3 * i + 2] = 'a';
	}
	for (i = 0; i < VICI_MAX_DEPTH + 1; i++)
		deep[3 * (VICI_MAX_DEPTH + 1) + i] = VICI_SECTION_END;
	CHECK(next_all(deep + 3, 3 * VICI_MAX_DEPTH + VICI_MAX_DEPTH,
		       &n) == 0 && n == 2 * VICI_MAX_DEPTH);
	CHECK(next_all(deep, 4 * (VICI_MAX_DEPTH + 1), &n) == -1 &&
	      n == VICI_MAX_DEPTH);
	/* depths of the 16 levels */
	vici_it_init(&it, deep + 3, 4 * VICI_MAX_DEPTH);
	for (i = 0; i < 2 * VICI_MAX_DEPTH; i++) {
		int want = i < VICI_MAX_DEPTH ? (int)i
					      : 2 * VICI_MAX_DEPTH - 1 - (int)i;

		CHECK(vici_next(&it, &e) == 1 && e.depth == want);
	}
	CHECK(vici_next(&it, &e) == 0);
}

/* The writer after each misuse: finish says -1. */
static long misuse(int which)
{
	static char name256[257];
	static uint8_t val[65536];
	uint8_t buf[256];
	struct vici_w w;
	int i;

	memset(name256, 'n', 256);
	vici_w_start(&w, buf, sizeof(buf), VICI_CMD_REQUEST, "c");
	switch (which) {
	case 0: vici_w_item(&w, "x"); break;
	case 1: vici_w_list_end(&w); break;
	case 2: vici_w_end(&w); break;
	case 3: vici_w_list(&w, "l"); vici_w_section(&w, "s"); break;
	case 4: vici_w_list(&w, "l"); vici_w_kvs(&w, "k", "v"); break;
	case 5: vici_w_list(&w, "l"); vici_w_list(&w, "m"); break;
	case 6: vici_w_list(&w, "l"); vici_w_end(&w); break;
	case 7: vici_w_section(&w, "s"); break;
	case 8: vici_w_list(&w, "l"); break;
	case 9:
		for (i = 0; i <= VICI_MAX_DEPTH; i++)
			vici_w_section(&w, "s");
		for (i = 0; i <= VICI_MAX_DEPTH; i++)
			vici_w_end(&w);
		break;
	case 10:
		vici_w_start(&w, big, sizeof(big), VICI_CMD_REQUEST, "c");
		vici_w_kv(&w, "k", val, 65536);
		break;
	case 11:
		vici_w_start(&w, big, sizeof(big), VICI_CMD_REQUEST, "c");
		vici_w_list(&w, "l");
		vici_w_item_raw(&w, val, 65536);
		vici_w_list_end(&w);
		break;
	case 12: vici_w_section(&w, ""); vici_w_end(&w); break;
	case 13: vici_w_kvs(&w, "", "v"); break;
	case 14: vici_w_list(&w, ""); vici_w_list_end(&w); break;
	case 15: vici_w_kvs(&w, name256, "v"); break;
	case 16: vici_w_section(&w, NULL); vici_w_end(&w); break;
	case 17: vici_w_kvs(&w, "k", NULL); break;
	case 18: vici_w_kv(&w, "k", NULL, 1); break;
	case 19: vici_w_items(&w, "l", NULL, 1); break;
	case 20:
		vici_w_items(&w, "l", (const char *const[]){ "a", NULL }, 2);
		break;
	case 21: vici_w_list(&w, "l"); vici_w_item(&w, NULL); break;
	case 22:
		vici_w_start(&w, buf, sizeof(buf), VICI_CMD_REQUEST, NULL);
		break;
	case 23:
		vici_w_start(&w, buf, sizeof(buf), VICI_EVENT, "");
		break;
	case 24:
		vici_w_start(&w, buf, sizeof(buf), VICI_EVENT, name256);
		break;
	case 25:
		vici_w_start(&w, buf, sizeof(buf), VICI_CMD_RESPONSE, "r");
		break;
	case 26:
		vici_w_start(&w, buf, sizeof(buf), VICI_EVENT_CONFIRM, "r");
		break;
	case 27:	/* no message in these */
		vici_w_start(&w, buf, sizeof(buf), VICI_EVENT_REGISTER, "e");
		vici_w_kvs(&w, "k", "v");
		break;
	case 28:
		vici_w_start(&w, buf, sizeof(buf), VICI_CMD_UNKNOWN, NULL);
		vici_w_section(&w, "s");
		vici_w_end(&w);
		break;
	case 29:
		vici_w_start(&w, buf, sizeof(buf), (enum vici_pkt_type)8,
			     NULL);
		break;
	case 30:	/* the error stays: a good end does not undo it */
		vici_w_end(&w);
		vici_w_section(&w, "s");
		vici_w_end(&w);
		break;
	case 31:
		vici_w_start(&w, NULL, 100, VICI_CMD_RESPONSE, NULL);
		break;
	case 32:	/* one byte over VICI_MAX_SEGMENT */
	case 33:	/* exactly VICI_MAX_SEGMENT: fine */
		vici_w_start(&w, big, sizeof(big), VICI_CMD_RESPONSE, NULL);
		for (i = 0; i < 7; i++)
			vici_w_kv(&w, "k", val, 65535);
		/* 1 + 8 * 5 + 7 * 65535 + last = VICI_MAX_SEGMENT */
		vici_w_kv(&w, "k", val, VICI_MAX_SEGMENT - 41 - 7 * 65535 +
			  (which == 32));
		break;
	default:
		return -2;
	}
	return vici_w_finish(&w);
}

static void test_misuse(void)
{
	struct vici_w w;
	int i;

	for (i = 0; i < 32; i++) {
		long r = misuse(i);

		if (r != -1) {
			t_fail++;
			fprintf(stderr, "FAIL %s:%d: misuse %d: %ld\n",
				__FILE__, __LINE__, i, r);
		} else {
			t_pass++;
		}
	}
	CHECK(misuse(32) == -1);
	CHECK(misuse(33) == 4 + VICI_MAX_SEGMENT);
	CHECK(vici_seg_len(big, 4 + VICI_MAX_SEGMENT) == 4 + VICI_MAX_SEGMENT);
	CHECK(vici_msg_check(big + 5, VICI_MAX_SEGMENT - 1) == 0);
	/* 16 deep is fine, and a 255-byte name */
	vici_w_start(&w, big, sizeof(big), VICI_EVENT, "e");
	for (i = 0; i < VICI_MAX_DEPTH; i++)
		vici_w_section(&w, "s");
	vici_w_items(&w, "l", (const char *const[]){ "x" }, 1);
	for (i = 0; i < VICI_MAX_DEPTH; i++)
		vici_w_end(&w);
	CHECK(vici_w_finish(&w) == 4 + 3 + 3 * VICI_MAX_DEPTH + 8 +
				     VICI_MAX_DEPTH);
	CHECK(vici_msg_check(big + 7, 3 * VICI_MAX_DEPTH + 8 +
			     VICI_MAX_DEPTH) == 0);
	{
		char n255[256];

		memset(n255, 'n', 255);
		n255[255] = '\0';
		vici_w_start(&w, big, sizeof(big), VICI_EVENT, n255);
		vici_w_kvs(&w, n255, "v");
		CHECK(vici_w_finish(&w) == 4 + 2 + 255 + 2 + 255 + 3);
	}
}

/* The writer in cap bytes, for every cap short of what it needs. */
static void test_overflow(void)
{
	uint8_t ref[1024], buf[1024 + PAD];
	long need = load_conn(ref, sizeof(ref));
	unsigned int bad = 0;
	size_t cap, i;

	CHECK(need > 0);
	if (need <= 0)
		return;
	for (cap = 0; cap <= (size_t)need; cap++) {
		uint8_t *h = malloc(cap ? cap : 1);	/* exact: ASan */
		long r;

		if (!h)
			abort();
		memset(buf, CANARY, sizeof(buf));
		r = load_conn(buf, cap);
		if (r != (cap == (size_t)need ? need : -1))
			bad++;
		for (i = cap; i < sizeof(buf); i++)
			if (buf[i] != CANARY)
				bad++;
		if (cap == (size_t)need && memcmp(buf, ref, cap))
			bad++;
		if (load_conn(h, cap) != r)
			bad++;
		free(h);
	}
	CHECK(bad == 0);
	/* the smallest packets */
	{
		struct vici_w w;

		for (cap = 0; cap < 5; cap++) {
			memset(buf, CANARY, sizeof(buf));
			vici_w_start(&w, buf, cap, VICI_EVENT_CONFIRM, NULL);
			CHECK(vici_w_finish(&w) == -1 && buf[cap] == CANARY);
		}
		vici_w_start(&w, buf, 5, VICI_EVENT_CONFIRM, NULL);
		CHECK(vici_w_finish(&w) == 5 && buf[5] == CANARY);
	}
}

/* A message of top-level key/values and a section with another key. */
static size_t lookup_msg(uint8_t *buf, size_t cap)
{
	struct vici_w w;
	long n;

	vici_w_start(&w, buf, cap, VICI_CMD_RESPONSE, NULL);
	vici_w_kvs(&w, "success", "yes");
	vici_w_kvs(&w, "failed", "no");
	vici_w_kvs(&w, "maybe", "Yes");
	vici_w_kvs(&w, "yess", "yess");
	vici_w_section(&w, "inner");
	vici_w_kvs(&w, "errmsg", "inside");
	vici_w_kvu(&w, "count", 7);
	vici_w_end(&w);
	vici_w_list(&w, "errmsg");
	vici_w_item(&w, "a list is not a key");
	vici_w_list_end(&w);
	vici_w_kv(&w, "nul", "a\0b", 3);
	vici_w_kvs(&w, "empty", "");
	vici_w_kvu(&w, "max", 18446744073709551615ull);
	vici_w_kvs(&w, "over", "18446744073709551616");
	vici_w_kvs(&w, "big", "99999999999999999999");
	vici_w_kvs(&w, "zeros", "000042");
	vici_w_kvs(&w, "sign", "+1");
	vici_w_kvs(&w, "neg", "-1");
	vici_w_kvs(&w, "space", "1 ");
	vici_w_kvs(&w, "dup", "first");
	vici_w_kvs(&w, "dup", "second");
	vici_w_kvs(&w, "version", "5.9.8");
	n = vici_w_finish(&w);
	if (n < 5)
		abort();
	memmove(buf, buf + 5, (size_t)n - 5);
	return (size_t)n - 5;
}

static void test_lookup(void)
{
	uint8_t m[512];
	size_t len = lookup_msg(m, sizeof(m));
	const uint8_t *v;
	char s[16];
	uint64_t u;
	uint16_t vl;

	CHECK(vici_msg_check(m, len) == 0);
	CHECK(vici_find(m, len, "version", &v, &vl) && vl == 5 &&
	      !memcmp(v, "5.9.8", 5) && v > m && v + vl <= m + len);
	CHECK(vici_find(m, len, "dup", &v, &vl) && vl == 5 &&
	      !memcmp(v, "first", 5));
	CHECK(!vici_find(m, len, "errmsg", &v, &vl));	/* section, list */
	CHECK(!vici_find(m, len, "count", &v, &vl));
	CHECK(!vici_find(m, len, "inner", &v, &vl));
	CHECK(!vici_find(m, len, "versio", &v, &vl));
	CHECK(!vici_find(m, len, "version2", &v, &vl));
	CHECK(!vici_find(m, len, "", &v, &vl));
	CHECK(!vici_find(m, len, NULL, &v, &vl));
	CHECK(!vici_find(NULL, 0, "version", &v, &vl));
	CHECK(vici_find(m, len, "empty", &v, &vl) && vl == 0);
	/* strings */
	CHECK(vici_str(m, len, "version", s, sizeof(s)));
	CHECK_STR(s, "5.9.8");
	CHECK(vici_str(m, len, "version", s, 6));
	CHECK(!vici_str(m, len, "version", s, 5));
	CHECK(!vici_str(m, len, "version", s, 0));
	CHECK(!vici_str(m, len, "nul", s, sizeof(s)));
	CHECK(!vici_str(m, len, "errmsg", s, sizeof(s)));
	CHECK(vici_str(m, len, "empty", s, 1) && s[0] == '\0');
	/* yes/no */
	CHECK(vici_bool(m, len, "success") == 1);
	CHECK(vici_bool(m, len, "failed") == 0);
	CHECK(vici_bool(m, len, "maybe") == -1);
	CHECK(vici_bool(m, len, "yess") == -1);
	CHECK(vici_bool(m, len, "empty") == -1);
	CHECK(vici_bool(m, len, "absent") == -1);
	/* numbers */
	u = 1;
	CHECK(vici_u64(m, len, "max", &u) == 0 && u == UINT64_MAX);
	CHECK(vici_u64(m, len, "zeros", &u) == 0 && u == 42);
	u = 1;
	CHECK(vici_u64(m, len, "over", &u) == -1 && u == 1);
	CHECK(vici_u64(m, len, "big", &u) == -1);
	CHECK(vici_u64(m, len, "empty", &u) == -1);
	CHECK(vici_u64(m, len, "sign", &u) == -1);
	CHECK(vici_u64(m, len, "neg", &u) == -1);
	CHECK(vici_u64(m, len, "space", &u) == -1);
	CHECK(vici_u64(m, len, "version", &u) == -1);
	CHECK(vici_u64(m, len, "count", &u) == -1);
	CHECK(vici_u64(m, len, "absent", &u) == -1);
	/* a malformed message has nothing to find, even before the fault */
	m[len] = VICI_SECTION_END;
	CHECK(!vici_find(m, len + 1, "version", &v, &vl));
	CHECK(vici_bool(m, len + 1, "success") == -1);
	CHECK(vici_find(m, len, "version", &v, &vl));
}

static void test_name_is(void)
{
	struct vici_el e = { .type = VICI_KEY_VALUE, .name = "abcd",
			     .name_len = 3 };

	CHECK(vici_name_is(&e, "abc"));
	CHECK(!vici_name_is(&e, "abcd"));
	CHECK(!vici_name_is(&e, "ab"));
	CHECK(!vici_name_is(&e, "abd"));
	CHECK(!vici_name_is(&e, NULL));
	e.name_len = 0;
	CHECK(vici_name_is(&e, ""));
	e.name = NULL;
	CHECK(!vici_name_is(&e, ""));
}

int main(void)
{
	test_round_trip();
	test_exact_bytes();
	test_seg_len();
	test_pkt_parse();
	test_truncated();
	test_nesting();
	test_misuse();
	test_overflow();
	test_lookup();
	test_name_is();
	printf("%d passed, %d failed\n", t_pass, t_fail);
	return t_fail ? 1 : 0;
}
