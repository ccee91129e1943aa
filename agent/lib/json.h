/* SPDX-License-Identifier: GPL-2.0 */
/*
 * json.h - minimal streaming JSON writer for "ipmob -j".
 *
 * Values are written as they come (a dump of 100,000 bindings is never
 * held in memory). The writer inserts commas, and with pretty set,
 * newlines and two-space indentation. Strings are escaped per RFC 8259;
 * bytes that are not valid UTF-8 are replaced by U+FFFD so the output
 * is always valid JSON.
 */
#ifndef IPMOB_JSON_H
#define IPMOB_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *f;
	bool pretty;
	int depth;
	bool after_key;
	bool nonempty[JSON_MAX_DEPTH + 1];
};

void json_init(struct json *j, FILE *f, bool pretty);

void json_obj_open(struct json *j);
void json_obj_close(struct json *j);
void json_arr_open(struct json *j);
void json_arr_close(struct json *j);
void json_key(struct json *j, const char *key);

void json_str(struct json *j, const char *s);
void json_u64(struct json *j, uint64_t v);
void json_i64(struct json *j, int64_t v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);

/* key + value shorthands */
void json_kstr(struct json *j, const char *key, const char *s);
void json_ku64(struct json *j, const char *key, uint64_t v);
void json_kbool(struct json *j, const char *key, bool v);

/* Write s as a quoted, escaped JSON string. */
void json_escape(FILE *f, const char *s);

#endif /* IPMOB_JSON_H */
