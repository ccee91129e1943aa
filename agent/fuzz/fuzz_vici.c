// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_vici.c - libFuzzer target for the VICI codec (vici.c), which
 * reads what charon sends on its vici socket (strongSwan's
 * src/libcharon/plugins/vici/README.md).
 *
 * Input: a stream of segments, read as the agent reads its socket:
 * vici_seg_len() frames each, vici_pkt_parse() takes its packet apart
 * and the message is walked with vici_next(), checked whole with
 * vici_msg_check() (which must agree with the walk) and searched with
 * vici_find(), vici_str(), vici_bool() and vici_u64() (which must agree
 * with each other and with the walk). Every element must point inside
 * the message and have the depth the walk counts.
 *
 * The oracle: each well-formed packet is written again element by
 * element with the writer into an exactly sized heap buffer, and the
 * segment must come back byte for byte (or, if a name is empty, which
 * the reader takes and the writer refuses, be refused); one byte less
 * must fail without writing past the buffer (ASan). The input is also
 * walked as one bare message.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vici.h"

static void cstr(char *dst, const char *src, size_t len)
{
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* Whether [p, p + n) lies within [lo, hi). */
static bool inside(const void *p, size_t n, const uint8_t *lo,
		   const uint8_t *hi)
{
	const uint8_t *q = p;

	return q >= lo && q <= hi && n <= (size_t)(hi - q);
}

/*
 * The look-ups of key must agree with one another, and find the first
 * top-level key/value of that name, at want (if not NULL).
 */
static void lookups(const uint8_t *msg, size_t len, const char *key,
		    bool well_formed, const uint8_t *want)
{
	const uint8_t *v = NULL;
	char s[64];
	uint16_t n = 0;
	uint64_t u = 0;
	bool found, str;
	int b;

	found = vici_find(msg, len, key, &v, &n);
	if (found && (!well_formed || !inside(v, n, msg, msg + len)))
		abort();
	if (want && well_formed && (!found || v != want))
		abort();
	str = vici_str(msg, len, key, s, sizeof(s));
	if (str != (found && n < sizeof(s) && !memchr(v, 0, n)) ||
	    (str && (strlen(s) != n || memcmp(s, v, n))))
		abort();
	b = vici_bool(msg, len, key);
	if (b != (!found ? -1 : n == 3 && !memcmp(v, "yes", 3) ? 1 :
		  n == 2 && !memcmp(v, "no", 2) ? 0 : -1))
		abort();
	if (!vici_u64(msg, len, key, &u)) {
		char d[24];
		size_t i = 0;

		if (!found || !n)
			abort();
		while (i + 1 < n && v[i] == '0')	/* leading zeros */
			i++;
		snprintf(d, sizeof(d), "%llu", (unsigned long long)u);
		if (strlen(d) != (size_t)(n - i) || memcmp(d, v + i, n - i))
			abort();
	}
}

/* Whether the value is decimal as vici_w_kvu writes it; *u: its value. */
static bool canonical(const uint8_t *v, uint16_t n, unsigned long long *u)
{
	char d[24];

	if (!n || n > 20 || (v[0] == '0' && n > 1) || memchr(v, 0, n))
		return false;
	cstr(d, (const char *)v, n);
	if (strspn(d, "0123456789") != n)
		return false;
	*u = strtoull(d, NULL, 10);
	snprintf(d, sizeof(d), "%llu", *u);
	return strlen(d) == n && !memcmp(d, v, n);
}

/* Write element e again; *empty: it has an empty name. */
static void rewrite(struct vici_w *w, const struct vici_el *e, bool *empty)
{
	char name[256], val[65536];
	unsigned long long u;
	bool text = e->val && !memchr(e->val, 0, e->val_len);

	if (e->name) {
		cstr(name, e->name, e->name_len);
		*empty |= !e->name_len;
	}
	if (text)
		cstr(val, (const char *)e->val, e->val_len);
	switch (e->type) {
	case VICI_SECTION_START:
		vici_w_section(w, name);
		break;
	case VICI_SECTION_END:
		vici_w_end(w);
		break;
	case VICI_KEY_VALUE:
		if (canonical(e->val, e->val_len, &u))
			vici_w_kvu(w, name, u);
		else if (text)
			vici_w_kvs(w, name, val);
		else
			vici_w_kv(w, name, e->val, e->val_len);
		break;
	case VICI_LIST_START:
		vici_w_list(w, name);
		break;
	case VICI_LIST_ITEM:
		if (text)
			vici_w_item(w, val);
		else
			vici_w_item_raw(w, e->val, e->val_len);
		break;
	case VICI_LIST_END:
		vici_w_list_end(w);
		break;
	default:
		abort();
	}
}

/*
 * Walk a message (and, if seg is set, write its packet p again into cap
 * bytes: the result must be seg's bytes). -1 if malformed.
 */
static int walk(const uint8_t *msg, size_t len, const struct vici_pkt *p,
		const uint8_t *seg, size_t seg_len, size_t cap)
{
	const uint8_t *end = msg + len;
	char key[256] = "success", name[257];
	uint8_t *out = malloc(cap ? cap : 1);
	const uint8_t *key_val = NULL;
	bool empty = false;
	int depth = 0;
	struct vici_it it;
	struct vici_el e;
	struct vici_w w;
	long n;
	int r;

	if (!out)
		abort();
	if (seg) {
		if (p->name)
			cstr(name, p->name, p->name_len);
		vici_w_start(&w, out, cap, p->type, p->name ? name : NULL);
	}
	vici_it_init(&it, msg, len);
	while ((r = vici_next(&it, &e)) > 0) {
		if ((e.name && !inside(e.name, e.name_len, msg, end)) ||
		    (e.val && !inside(e.val, e.val_len, msg, end)) ||
		    e.depth < 0 || e.depth > VICI_MAX_DEPTH ||
		    (e.type == VICI_SECTION_START &&
		     e.depth >= VICI_MAX_DEPTH) ||
		    (e.name && memchr(e.name, 0, e.name_len)))
			abort();
		/* its name is itself, not one byte longer */
		if (e.name) {
			cstr(name, e.name, e.name_len);
			name[e.name_len + 1] = '\0';
			if (!vici_name_is(&e, name))
				abort();
			name[e.name_len] = 'x';
			if (vici_name_is(&e, name))
				abort();
		}
		/* the depths, counted here */
		if (e.type == VICI_SECTION_END)
			depth--;
		if (e.depth != depth)
			abort();
		if (e.type == VICI_SECTION_START)
			depth++;
		if (e.type == VICI_KEY_VALUE && !e.depth && e.name_len &&
		    !key_val) {	/* (an empty key is never looked up) */
			cstr(key, e.name, e.name_len);
			key_val = e.val;
		}
		if (seg)
			rewrite(&w, &e, &empty);
	}
	if (vici_next(&it, &e) != r || vici_msg_check(msg, len) != r)
		abort();
	lookups(msg, len, key, r == 0, key_val);
	lookups(msg, len, "errmsg", r == 0, NULL);
	if (seg && r == 0) {
		n = vici_w_finish(&w);
		if (cap < seg_len ? n != -1 :
		    empty ? n != -1 :
		    n != (long)seg_len || memcmp(out, seg, seg_len))
			abort();
	}
	free(out);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	long n;

	walk(data, size, NULL, NULL, 0, 0);
	while ((n = vici_seg_len(data, size)) > 0) {
		struct vici_pkt p;

		if (n < 5 || (size_t)n > size || n > 4 + VICI_MAX_SEGMENT)
			abort();
		if (vici_pkt_parse(data + 4, (size_t)n - 4, &p) == 0) {
			if (p.type > VICI_EVENT ||
			    !inside(p.msg, p.msg_len, data + 4, data + n) ||
			    (p.name && (!p.name_len ||
					!inside(p.name, p.name_len, data + 4,
						data + n))))
				abort();
			if (walk(p.msg, p.msg_len, &p, data, (size_t)n,
				 (size_t)n) == 0)
				walk(p.msg, p.msg_len, &p, data, (size_t)n,
				     (size_t)n - 1);
		}
		data += n;
		size -= (size_t)n;
	}
	return 0;
}
