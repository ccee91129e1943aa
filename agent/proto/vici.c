// SPDX-License-Identifier: GPL-2.0
/*
 * vici.c - strongSwan's VICI wire format (the vici plugin's README.md,
 * src/libcharon/plugins/vici/README.md in strongSwan): segments,
 * packets and messages, written into a caller's buffer and read in
 * place. Pure functions.
 */
#include <string.h>

#include "vici.h"

#define NAME_MAX_LEN	255
#define VALUE_MAX_LEN	65535

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* The named packet types and those that carry a message. */
static bool pkt_named(unsigned int t)
{
	return t == VICI_CMD_REQUEST || t == VICI_EVENT_REGISTER ||
	       t == VICI_EVENT_UNREGISTER || t == VICI_EVENT;
}

static bool pkt_has_msg(unsigned int t)
{
	return t == VICI_CMD_REQUEST || t == VICI_CMD_RESPONSE ||
	       t == VICI_EVENT;
}

/* ---- writer ---- */

static void put(struct vici_w *w, const void *p, size_t n)
{
	if (w->err || n > w->cap - w->len) {
		w->err = true;
		return;
	}
	if (n)
		memcpy(w->buf + w->len, p, n);
	w->len += n;
}

static void put8(struct vici_w *w, unsigned int v)
{
	uint8_t b = (uint8_t)v;

	put(w, &b, 1);
}

static void put16(struct vici_w *w, size_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	put(w, b, 2);
}

/* A name: its length octet and its bytes (1..255 of them). */
static void put_name(struct vici_w *w, const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (!n || n > NAME_MAX_LEN) {
		w->err = true;
		return;
	}
	put8(w, (unsigned int)n);
	put(w, name, n);
}

/* A 16-bit length and the value. */
static void put_value(struct vici_w *w, const void *val, size_t len)
{
	if (len > VALUE_MAX_LEN || (!val && len)) {
		w->err = true;
		return;
	}
	put16(w, len);
	put(w, val, len);
}

/*
 * Whether an element may be written now: a packet that carries a
 * message has been started, nothing went wrong, a list is open (items,
 * list end) or not (everything else) as want_list says, and the
 * caller's own condition is not bad.
 */
static bool el_ok(struct vici_w *w, bool want_list, bool bad)
{
	if (w->err)
		return false;
	if (w->len < 5 || !pkt_has_msg(w->buf[4]) ||
	    w->in_list != want_list || bad) {
		w->err = true;
		return false;
	}
	return true;
}

void vici_w_start(struct vici_w *w, uint8_t *buf, size_t cap,
		  enum vici_pkt_type type, const char *name)
{
	static const uint8_t zero[4];

	w->buf = buf;
	w->cap = buf ? cap : 0;
	w->len = 0;
	w->depth = 0;
	w->in_list = false;
	w->err = false;
	if ((unsigned int)type > VICI_EVENT ||
	    pkt_named((unsigned int)type) != !!name) {
		w->err = true;
		return;
	}
	put(w, zero, 4);
	put8(w, (unsigned int)type);
	if (name)
		put_name(w, name);
}

void vici_w_section(struct vici_w *w, const char *name)
{
	if (!el_ok(w, false, w->depth >= VICI_MAX_DEPTH))
		return;
	put8(w, VICI_SECTION_START);
	put_name(w, name);
	w->depth++;
}

void vici_w_end(struct vici_w *w)
{
	if (!el_ok(w, false, !w->depth))
		return;
	put8(w, VICI_SECTION_END);
	w->depth--;
}

void vici_w_kv(struct vici_w *w, const char *key, const void *val,
	       size_t len)
{
	if (!el_ok(w, false, false))
		return;
	put8(w, VICI_KEY_VALUE);
	put_name(w, key);
	put_value(w, val, len);
}

/* (NULL strings: a length without a value, which put_value refuses) */
void vici_w_kvs(struct vici_w *w, const char *key, const char *val)
{
	vici_w_kv(w, key, val, val ? strlen(val) : 1);
}

void vici_w_kvu(struct vici_w *w, const char *key, unsigned long long v)
{
	char d[24];
	size_t i = sizeof(d);

	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	vici_w_kv(w, key, d + i, sizeof(d) - i);
}

void vici_w_list(struct vici_w *w, const char *name)
{
	if (!el_ok(w, false, false))
		return;
	put8(w, VICI_LIST_START);
	put_name(w, name);
	w->in_list = true;
}

void vici_w_item_raw(struct vici_w *w, const void *val, size_t len)
{
	if (!el_ok(w, true, false))
		return;
	put8(w, VICI_LIST_ITEM);
	put_value(w, val, len);
}

void vici_w_item(struct vici_w *w, const char *val)
{
	vici_w_item_raw(w, val, val ? strlen(val) : 1);
}

void vici_w_items(struct vici_w *w, const char *name,
		  const char *const *vals, size_t n)
{
	size_t i;

	vici_w_list(w, name);
	for (i = 0; i < n && !w->err; i++)
		vici_w_item(w, vals ? vals[i] : NULL);
	vici_w_list_end(w);
}

void vici_w_list_end(struct vici_w *w)
{
	if (!el_ok(w, true, false))
		return;
	put8(w, VICI_LIST_END);
	w->in_list = false;
}

long vici_w_finish(struct vici_w *w)
{
	size_t n;

	if (w->err || w->len < 5 || w->depth || w->in_list ||
	    w->len - 4 > VICI_MAX_SEGMENT) {
		w->err = true;
		return -1;
	}
	n = w->len - 4;
	w->buf[0] = (uint8_t)(n >> 24);
	w->buf[1] = (uint8_t)(n >> 16);
	w->buf[2] = (uint8_t)(n >> 8);
	w->buf[3] = (uint8_t)n;
	return (long)w->len;
}

/* ---- reader ---- */

long vici_seg_len(const uint8_t *buf, size_t len)
{
	uint32_t n;

	if (len < 4)
		return 0;
	n = get32(buf);
	if (!n || n > VICI_MAX_SEGMENT)
		return -1;
	if (len - 4 < n)
		return 0;
	return 4 + (long)n;
}

int vici_pkt_parse(const uint8_t *pkt, size_t len, struct vici_pkt *p)
{
	size_t off = 1;

	memset(p, 0, sizeof(*p));
	if (!len || pkt[0] > VICI_EVENT)
		return -1;
	p->type = (enum vici_pkt_type)pkt[0];
	if (pkt_named(pkt[0])) {
		if (len < 2 || !pkt[1] || (size_t)pkt[1] > len - 2 ||
		    memchr(pkt + 2, 0, pkt[1]))
			return -1;
		p->name = (const char *)pkt + 2;
		p->name_len = pkt[1];
		off = 2 + (size_t)pkt[1];
	}
	if (!pkt_has_msg(pkt[0]) && off != len)
		return -1;
	p->msg = pkt + off;
	p->msg_len = len - off;
	return 0;
}

void vici_it_init(struct vici_it *it, const uint8_t *msg, size_t len)
{
	it->p = msg;
	it->end = msg ? msg + len : msg;
	it->depth = 0;
	it->in_list = false;
	it->err = false;
}

/* Take a name from the iterator's bytes; false if cut short or NUL. */
static bool take_name(struct vici_it *it, struct vici_el *e)
{
	size_t left = (size_t)(it->end - it->p), n;

	if (!left)
		return false;
	n = it->p[0];
	if (n > left - 1 || memchr(it->p + 1, 0, n))
		return false;
	e->name = (const char *)it->p + 1;
	e->name_len = (uint8_t)n;
	it->p += 1 + n;
	return true;
}

/* Take a 16-bit length and the value; false if cut short. */
static bool take_value(struct vici_it *it, struct vici_el *e)
{
	size_t left = (size_t)(it->end - it->p), n;

	if (left < 2)
		return false;
	n = get16(it->p);
	if (n > left - 2)
		return false;
	e->val = it->p + 2;
	e->val_len = (uint16_t)n;
	it->p += 2 + n;
	return true;
}

static int it_fail(struct vici_it *it)
{
	it->err = true;
	return -1;
}

int vici_next(struct vici_it *it, struct vici_el *e)
{
	unsigned int t;

	if (it->err)
		return -1;
	if (it->p == it->end)
		return it->depth || it->in_list ? it_fail(it) : 0;
	memset(e, 0, sizeof(*e));
	t = *it->p++;
	e->type = (enum vici_el_type)t;
	e->depth = it->depth;
	switch (t) {
	case VICI_SECTION_START:
		if (it->in_list || it->depth >= VICI_MAX_DEPTH ||
		    !take_name(it, e))
			return it_fail(it);
		it->depth++;
		break;
	case VICI_SECTION_END:
		if (it->in_list || !it->depth)
			return it_fail(it);
		e->depth = --it->depth;
		break;
	case VICI_KEY_VALUE:
		if (it->in_list || !take_name(it, e) || !take_value(it, e))
			return it_fail(it);
		break;
	case VICI_LIST_START:
		if (it->in_list || !take_name(it, e))
			return it_fail(it);
		it->in_list = true;
		break;
	case VICI_LIST_ITEM:
		if (!it->in_list || !take_value(it, e))
			return it_fail(it);
		break;
	case VICI_LIST_END:
		if (!it->in_list)
			return it_fail(it);
		it->in_list = false;
		break;
	default:
		return it_fail(it);
	}
	return 1;
}

int vici_msg_check(const uint8_t *msg, size_t len)
{
	struct vici_it it;
	struct vici_el e;
	int r;

	vici_it_init(&it, msg, len);
	while ((r = vici_next(&it, &e)) > 0)
		;
	return r;
}

bool vici_name_is(const struct vici_el *e, const char *name)
{
	return e->name && name && strlen(name) == e->name_len &&
	       !memcmp(e->name, name, e->name_len);
}

bool vici_find(const uint8_t *msg, size_t len, const char *key,
	       const uint8_t **val, uint16_t *vlen)
{
	const uint8_t *v = NULL;
	uint16_t n = 0;
	struct vici_it it;
	struct vici_el e;
	int r;

	if (!key || !*key)
		return false;
	vici_it_init(&it, msg, len);
	while ((r = vici_next(&it, &e)) > 0)
		if (!v && e.type == VICI_KEY_VALUE && !e.depth &&
		    vici_name_is(&e, key)) {
			v = e.val;
			n = e.val_len;
		}
	if (r < 0 || !v)
		return false;
	*val = v;
	*vlen = n;
	return true;
}

bool vici_str(const uint8_t *msg, size_t len, const char *key, char *buf,
	      size_t size)
{
	const uint8_t *v;
	uint16_t n;

	if (!vici_find(msg, len, key, &v, &n) || (size_t)n >= size ||
	    memchr(v, 0, n))
		return false;
	memcpy(buf, v, n);
	buf[n] = '\0';
	return true;
}

int vici_bool(const uint8_t *msg, size_t len, const char *key)
{
	const uint8_t *v;
	uint16_t n;

	if (!vici_find(msg, len, key, &v, &n))
		return -1;
	if (n == 3 && !memcmp(v, "yes", 3))
		return 1;
	if (n == 2 && !memcmp(v, "no", 2))
		return 0;
	return -1;
}

int vici_u64(const uint8_t *msg, size_t len, const char *key,
	     uint64_t *out)
{
	const uint8_t *v;
	uint64_t x = 0;
	uint16_t n, i;

	if (!vici_find(msg, len, key, &v, &n) || !n)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned int d = (unsigned int)v[i] - '0';

		if (d > 9 || x > (UINT64_MAX - d) / 10)
			return -1;
		x = x * 10 + d;
	}
	*out = x;
	return 0;
}
