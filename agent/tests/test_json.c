// SPDX-License-Identifier: GPL-2.0
/*
 * test_json.c - JSON writer: escaping and structure.
 */
#include <stdlib.h>

#include "t.h"

static char *escaped(const char *s)
{
	static char *buf;
	size_t len;
	FILE *f;

	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	json_escape(f, s);
	fclose(f);
	return buf;
}

static void test_escape(void)
{
	CHECK_STR(escaped(""), "\"\"");
	CHECK_STR(escaped(NULL), "\"\"");
	CHECK_STR(escaped("mob0"), "\"mob0\"");
	CHECK_STR(escaped("a\"b"), "\"a\\\"b\"");
	CHECK_STR(escaped("a\\b"), "\"a\\\\b\"");
	CHECK_STR(escaped("a/b"), "\"a/b\"");
	CHECK_STR(escaped("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
	CHECK_STR(escaped("\x01\x1f\x7f"), "\"\\u0001\\u001f\\u007f\"");
	/* valid UTF-8 passes through: é, €, U+1F600 */
	CHECK_STR(escaped("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"),
		  "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
	/* invalid UTF-8 becomes U+FFFD */
	CHECK_STR(escaped("a\xff" "b"), "\"a\\ufffdb\"");
	CHECK_STR(escaped("\x80"), "\"\\ufffd\"");
	CHECK_STR(escaped("\xc0\xaf"), "\"\\ufffd\\ufffd\"");	/* overlong */
	CHECK_STR(escaped("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");
	CHECK_STR(escaped("\xe2\x82"), "\"\\ufffd\\ufffd\"");	/* truncated */
	CHECK_STR(escaped("\xf4\x90\x80\x80"),
		  "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");	/* > U+10FFFF */
}

static char *render(bool pretty, void (*fn)(struct json *j))
{
	static char *buf;
	struct json j;
	size_t len;
	FILE *f;

	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	json_init(&j, f, pretty);
	fn(&j);
	fclose(f);
	return buf;
}

static void doc1(struct json *j)
{
	json_arr_open(j);
	json_obj_open(j);
	json_kstr(j, "hoa", "2001:db8::1");
	json_key(j, "coas");
	json_arr_open(j);
	json_obj_open(j);
	json_ku64(j, "bid", 1);
	json_obj_close(j);
	json_obj_open(j);
	json_obj_close(j);
	json_arr_close(j);
	json_kbool(j, "ok", true);
	json_key(j, "n");
	json_null(j);
	json_key(j, "neg");
	json_i64(j, -5);
	json_ku64(j, "big", UINT64_MAX);
	json_obj_close(j);
	json_obj_open(j);
	json_obj_close(j);
	json_arr_close(j);
}

static void doc_empty(struct json *j)
{
	json_arr_open(j);
	json_arr_close(j);
}

static void doc_unbalanced(struct json *j)
{
	json_obj_close(j);
	json_arr_close(j);
	json_str(j, "x");
}

static void doc_deep(struct json *j)
{
	int i;

	for (i = 0; i < 40; i++)
		json_arr_open(j);
	for (i = 0; i < 40; i++)
		json_arr_close(j);
}

static void test_structure(void)
{
	CHECK_STR(render(false, doc1),
		  "[{\"hoa\":\"2001:db8::1\",\"coas\":[{\"bid\":1},{}],"
		  "\"ok\":true,\"n\":null,\"neg\":-5,"
		  "\"big\":18446744073709551615},{}]");
	CHECK_STR(render(true, doc1),
		  "[\n"
		  "  {\n"
		  "    \"hoa\": \"2001:db8::1\",\n"
		  "    \"coas\": [\n"
		  "      {\n"
		  "        \"bid\": 1\n"
		  "      },\n"
		  "      {}\n"
		  "    ],\n"
		  "    \"ok\": true,\n"
		  "    \"n\": null,\n"
		  "    \"neg\": -5,\n"
		  "    \"big\": 18446744073709551615\n"
		  "  },\n"
		  "  {}\n"
		  "]");
	CHECK_STR(render(false, doc_empty), "[]");
	CHECK_STR(render(true, doc_empty), "[]");
	/* misuse must not crash */
	CHECK(render(false, doc_unbalanced) != NULL);
	CHECK(render(true, doc_deep) != NULL);
}

void test_json(void)
{
	test_escape();
	test_structure();
}
