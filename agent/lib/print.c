// SPDX-License-Identifier: GPL-2.0
/*
 * print.c - text or JSON from one description per field (print.h).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "print.h"

/* The text of one item, its leading blank dropped at the line's start. */
static void text_vadd(struct printer *p, const char *fmt, va_list ap)
{
	size_t room = p->used < p->len ? p->len - p->used : 0;
	const char *f = !p->used && fmt[0] == ' ' ? fmt + 1 : fmt;
	int n;

	n = vsnprintf(room ? p->buf + p->used : NULL, room, f, ap);
	if (n > 0)
		p->used += (size_t)n;
}

void pr_str_(struct printer *p, enum pr_when w, const char *key,
	     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (p->j) {
		if (w != PR_TEXT)
			json_kstr(p->j, key, va_arg(ap, const char *));
	} else if (w != PR_JSON) {
		text_vadd(p, fmt, ap);
	}
	va_end(ap);
}

void pr_u64_(struct printer *p, enum pr_when w, const char *key,
	     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (p->j) {
		if (w != PR_TEXT)
			json_ku64(p->j, key, va_arg(ap, uint64_t));
	} else if (w != PR_JSON) {
		text_vadd(p, fmt, ap);
	}
	va_end(ap);
}

void pr_text(struct printer *p, const char *s)
{
	size_t n, room;

	if (p->j)
		return;
	if (!p->used && s[0] == ' ')
		s++;
	n = strlen(s);
	room = p->used < p->len ? p->len - p->used : 0;
	if (room) {
		size_t c = n < room - 1 ? n : room - 1;

		memcpy(p->buf + p->used, s, c);
		p->buf[p->used + c] = '\0';
	}
	p->used += n;
}

/* text_vadd() with its arguments here */
static void text_add(struct printer *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void text_add(struct printer *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	text_vadd(p, fmt, ap);
	va_end(ap);
}

void pr_kv_u64(struct printer *p, const char *key, uint64_t v)
{
	if (p->j)
		json_ku64(p->j, key, v);
	else
		text_add(p, " %s %" PRIu64, key, v);
}

void pr_arr_str(struct printer *p, const char *sep, const char *s)
{
	if (p->j)
		json_str(p->j, s);
	else
		text_add(p, "%s%s", sep, s);
}

void pr_arr_u64(struct printer *p, const char *fmt, uint64_t v)
{
	if (p->j)
		json_u64(p->j, v);
	else
		text_add(p, fmt, v);
}

void pr_json_u64(struct printer *p, const char *key, uint64_t v)
{
	if (p->j)
		json_ku64(p->j, key, v);
}

void pr_json_bool(struct printer *p, const char *key, bool v)
{
	if (p->j)
		json_kbool(p->j, key, v);
}

void pr_arr_open(struct printer *p, const char *key)
{
	if (!p->j)
		return;
	json_key(p->j, key);
	json_arr_open(p->j);
}

void pr_arr_close(struct printer *p)
{
	if (p->j)
		json_arr_close(p->j);
}

void pr_obj_open(struct printer *p)
{
	if (p->j)
		json_obj_open(p->j);
}

void pr_obj_close(struct printer *p)
{
	if (p->j)
		json_obj_close(p->j);
}
