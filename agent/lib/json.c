// SPDX-License-Identifier: GPL-2.0
/*
 * json.c - minimal streaming JSON writer.
 */
#include <inttypes.h>
#include <string.h>

#include "json.h"

void json_init(struct json *j, FILE *f, bool pretty)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
	j->pretty = pretty;
}

static void indent(struct json *j, int depth)
{
	int i;

	fputc('\n', j->f);
	for (i = 0; i < depth; i++)
		fputs("  ", j->f);
}

/* Separator and indentation before a value or a key. */
static void pre_value(struct json *j)
{
	int d = j->depth > JSON_MAX_DEPTH ? JSON_MAX_DEPTH : j->depth;

	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth == 0)
		return;
	if (j->nonempty[d])
		fputc(',', j->f);
	if (j->pretty)
		indent(j, j->depth);
	j->nonempty[d] = true;
}

static void open_container(struct json *j, char c)
{
	pre_value(j);
	fputc(c, j->f);
	j->depth++;
	if (j->depth <= JSON_MAX_DEPTH)
		j->nonempty[j->depth] = false;
}

static void close_container(struct json *j, char c)
{
	int d = j->depth > JSON_MAX_DEPTH ? JSON_MAX_DEPTH : j->depth;

	if (j->depth == 0)
		return;		/* unbalanced close: ignore */
	if (j->pretty && j->nonempty[d])
		indent(j, j->depth - 1);
	j->depth--;
	j->after_key = false;
	fputc(c, j->f);
}

void json_obj_open(struct json *j)
{
	open_container(j, '{');
}

void json_obj_close(struct json *j)
{
	close_container(j, '}');
}

void json_arr_open(struct json *j)
{
	open_container(j, '[');
}

void json_arr_close(struct json *j)
{
	close_container(j, ']');
}

void json_key(struct json *j, const char *key)
{
	pre_value(j);
	json_escape(j->f, key);
	fputs(j->pretty ? ": " : ":", j->f);
	j->after_key = true;
}

/*
 * Length of the valid UTF-8 sequence at s (1..4), or 0 if the bytes at
 * s do not start one (stray continuation byte, overlong form, surrogate,
 * code point above U+10FFFF, truncated sequence).
 */
static int utf8_len(const unsigned char *s)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && s[1] < 0xa0)
			return 0;	/* overlong */
		if (c == 0xed && s[1] >= 0xa0)
			return 0;	/* UTF-16 surrogate */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && s[1] < 0x90)
			return 0;	/* overlong */
		if (c == 0xf4 && s[1] >= 0x90)
			return 0;	/* above U+10FFFF */
		return 4;
	}
	return 0;
}

void json_escape(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");

	fputc('"', f);
	while (*s) {
		unsigned char c = *s;
		int n;

		switch (c) {
		case '"':
			fputs("\\\"", f);
			s++;
			continue;
		case '\\':
			fputs("\\\\", f);
			s++;
			continue;
		case '\b':
			fputs("\\b", f);
			s++;
			continue;
		case '\f':
			fputs("\\f", f);
			s++;
			continue;
		case '\n':
			fputs("\\n", f);
			s++;
			continue;
		case '\r':
			fputs("\\r", f);
			s++;
			continue;
		case '\t':
			fputs("\\t", f);
			s++;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			fprintf(f, "\\u%04x", c);
			s++;
			continue;
		}
		/* Reading up to 4 bytes is safe: a NUL stops utf8_len early. */
		n = utf8_len(s);
		if (n == 0) {
			fputs("\\ufffd", f);
			s++;
			continue;
		}
		fwrite(s, 1, (size_t)n, f);
		s += n;
	}
	fputc('"', f);
}

void json_str(struct json *j, const char *s)
{
	pre_value(j);
	json_escape(j->f, s);
}

void json_u64(struct json *j, uint64_t v)
{
	pre_value(j);
	fprintf(j->f, "%" PRIu64, v);
}

void json_i64(struct json *j, int64_t v)
{
	pre_value(j);
	fprintf(j->f, "%" PRId64, v);
}

void json_bool(struct json *j, bool v)
{
	pre_value(j);
	fputs(v ? "true" : "false", j->f);
}

void json_null(struct json *j)
{
	pre_value(j);
	fputs("null", j->f);
}

void json_kstr(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_str(j, s);
}

void json_ku64(struct json *j, const char *key, uint64_t v)
{
	json_key(j, key);
	json_u64(j, v);
}

void json_kbool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}
