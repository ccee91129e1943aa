/* SPDX-License-Identifier: GPL-2.0 */
/*
 * print.h - one description per field for text and JSON output, in the
 * manner of iproute2's print_*(): each field is printed by one call that
 * names its JSON key and its text format; PR_TEXT and PR_JSON mark the
 * few places where the two differ (the text's "forever", a rounded
 * second, a merged key). A printer writes either a text line into a
 * buffer (snprintf's contract: the length the whole line needs is
 * counted even past the buffer) or JSON through lib/json.c.
 *
 * Text items start with the blank that separates them from the one
 * before; the line's first item goes without it.
 */
#ifndef IPMOB_PRINT_H
#define IPMOB_PRINT_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"

enum pr_when {
	PR_ANY,		/* text and JSON */
	PR_TEXT,	/* the text line only */
	PR_JSON,	/* JSON only */
};

/**
 * struct printer - where the fields go
 * @j: JSON writer, or NULL for a text line
 * @buf: the text line (NULL with @len 0: only count)
 * @len: room in @buf
 * @used: length of the whole line so far, which may exceed @len
 */
struct printer {
	struct json *j;
	char *buf;
	size_t len;
	size_t used;
};

static inline struct printer printer_text(char *buf, size_t len)
{
	if (buf && len)
		buf[0] = '\0';
	return (struct printer){ .buf = buf, .len = len };
}

static inline struct printer printer_json(struct json *j)
{
	return (struct printer){ .j = j };
}

/* A string field: key in JSON, fmt (one %s) in the text. */
void pr_str_(struct printer *p, enum pr_when w, const char *key,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* An unsigned field: fmt has one PRIu64 or PRIx64 conversion. */
void pr_u64_(struct printer *p, enum pr_when w, const char *key,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
#define pr_str(p, w, key, fmt, v)					\
	pr_str_((p), (w), (key), (fmt), (const char *)(v))
#define pr_u64(p, w, key, fmt, v)					\
	pr_u64_((p), (w), (key), (fmt), (uint64_t)(v))
/* Text only, no conversion: " flags", " lifetime forever". */
void pr_text(struct printer *p, const char *s);
/* JSON only, no text form. */
void pr_json_u64(struct printer *p, const char *key, uint64_t v);
void pr_json_bool(struct printer *p, const char *key, bool v);
/*
 * A field whose text is its key and value, "key value": a name chosen at
 * run time (a counter's) that has no format of its own.
 */
void pr_kv_u64(struct printer *p, const char *key, uint64_t v);
/*
 * One string of an array pr_arr_open() opened: a JSON string, or in the
 * text sep then s (" cached " before the first, "," before the others).
 */
void pr_arr_str(struct printer *p, const char *sep, const char *s);
/*
 * One number of an array: a JSON number, or in the text fmt (one PRIu64
 * conversion) with it: " bid %" PRIu64 for each.
 */
void pr_arr_u64(struct printer *p, const char *fmt, uint64_t v);
/* JSON structure (nothing in the text). */
void pr_arr_open(struct printer *p, const char *key);
void pr_arr_close(struct printer *p);
void pr_obj_open(struct printer *p);
void pr_obj_close(struct printer *p);

#endif /* IPMOB_PRINT_H */
