// SPDX-License-Identifier: GPL-2.0
/*
 * test_batch.c - batch mode: packing of "binding add" lines into
 * BINDING_NEW messages, ordering, line numbers in errors, speed.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <time.h>

#include "t.h"

static char *text;
static size_t text_len, text_cap;

static void text_reset(void)
{
	text_len = 0;
	if (text)
		text[0] = '\0';
}

static void addf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void addf(const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		size_t room = text_cap - text_len;

		va_start(ap, fmt);
		n = vsnprintf(text ? text + text_len : NULL, room, fmt, ap);
		va_end(ap);
		if ((size_t)n < room) {
			text_len += (size_t)n;
			return;
		}
		text_cap = text_cap ? text_cap * 2 : 4096;
		text = realloc(text, text_cap);
		if (!text)
			abort();
	}
}

/* Line i of a simple "binding add". */
static void add_line(unsigned int i, unsigned int ncoa)
{
	unsigned int c;

	addf("binding add hoa 2001:db8:1::%x:%x", i >> 16, i & 0xffff);
	for (c = 0; c < ncoa; c++)
		addf(" coa 2001:db8:2:%x::%x bid %u prio %u", c + 1, i & 0xffff,
		     c + 1, c);
	addf(" dev lo\n");
}

static int run_batch(struct cli_ctx *ctx)
{
	FILE *f = fmemopen(text, text_len ? text_len : 1, "r");
	int ret;

	if (!f)
		abort();
	ret = cli_batch(ctx, f);
	fclose(f);
	return ret;
}

static void test_pack_counts(void)
{
	struct cli_ctx ctx;
	unsigned int i;

	/* 1000 lines -> 5 full messages */
	fake_reset();
	text_reset();
	for (i = 0; i < 1000; i++)
		add_line(i, 1);
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == 0);
	CHECK(fake.n_msgs == 5);
	CHECK(fake.total_nests == 1000 && fake.applied == 1000);
	for (i = 0; i < 5 && i < fake.n_msgs; i++) {
		CHECK(fake.cmd[i] == IPMOB_CMD_BINDING_NEW);
		CHECK(fake.nests[i] == 200);
	}
	CHECK_STR(ctx_err(&ctx), "");
	ctx_close(&ctx);

	/* 450 lines -> 200 + 200 + 50 */
	fake_reset();
	text_reset();
	for (i = 0; i < 450; i++)
		add_line(i, 1);
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == 0);
	CHECK(fake.n_msgs == 3);
	CHECK(fake.nests[0] == 200 && fake.nests[1] == 200 &&
	      fake.nests[2] == 50);
	ctx_close(&ctx);

	/* one line -> one message; no lines -> no message */
	fake_reset();
	text_reset();
	add_line(1, 1);
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == 0);
	CHECK(fake.n_msgs == 1 && fake.nests[0] == 1);
	ctx_close(&ctx);

	fake_reset();
	text_reset();
	addf("\n# nothing\n   \n");
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == 0);
	CHECK(fake.n_msgs == 0);
	ctx_close(&ctx);
}

static void test_pack_size_limit(void)
{
	struct cli_ctx ctx;
	unsigned long i, sum = 0;

	/* Eight care-of records per line: the 32 KiB limit cuts first. */
	fake_reset();
	text_reset();
	for (i = 0; i < 1000; i++)
		add_line((unsigned int)i, IPMOB_MAX_COA);
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == 0);
	CHECK(fake.n_msgs > 5);
	for (i = 0; i < fake.n_msgs; i++) {
		CHECK(fake.len[i] <= PACK_MAX_BYTES);
		CHECK(fake.nests[i] < 200);
		sum += fake.nests[i];
	}
	CHECK(sum == 1000);
	/* every message but the last is nearly full */
	for (i = 0; i + 1 < fake.n_msgs; i++)
		CHECK(fake.len[i] > PACK_MAX_BYTES - 600);
	ctx_close(&ctx);

	/* a tighter packer configuration is honoured */
	fake_reset();
	text_reset();
	for (i = 0; i < 100; i++)
		add_line((unsigned int)i, 1);
	ctx_open(&ctx);
	{
		FILE *f = fmemopen(text, text_len, "r");

		ctx.packer = packer_new();
		ctx.packer->max_nests = 7;
		/* cli_batch allocates its own packer; drive lines directly */
		for (i = 0; i < 100; i++) {
			char *argv[16], err[ERRBUF_LEN], *line = NULL;
			size_t cap = 0;
			int argc;

			if (getline(&line, &cap, f) < 0)
				break;
			argc = tokenize(line, argv, 16, err, sizeof(err));
			ctx.lineno = i + 1;
			CHECK(cli_dispatch(&ctx, argc, argv) == 0);
			free(line);
		}
		CHECK(packer_flush(&ctx) == 0);
		fclose(f);
	}
	CHECK(fake.n_msgs == 15);	/* 14 x 7 + 2 */
	CHECK(fake.total_nests == 100);
	ctx_close(&ctx);
}

static void test_order(void)
{
	struct cli_ctx ctx;
	unsigned int i;

	/* 5 adds, a del, 5 adds, stats, comment, 2 adds */
	fake_reset();
	text_reset();
	for (i = 0; i < 5; i++)
		add_line(i, 1);
	addf("binding del hoa 2001:db8:1::0:0 dev lo\n");
	for (i = 5; i < 10; i++)
		add_line(i, 1);
	addf("  # a comment\n\nbinding flush\n");
	for (i = 10; i < 12; i++)
		add_line(i, 2);
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == 0);
	CHECK(fake.n_msgs == 5);
	CHECK(fake.cmd[0] == IPMOB_CMD_BINDING_NEW && fake.nests[0] == 5);
	CHECK(fake.cmd[1] == IPMOB_CMD_BINDING_DEL && fake.nests[1] == 1);
	CHECK(fake.cmd[2] == IPMOB_CMD_BINDING_NEW && fake.nests[2] == 5);
	CHECK(fake.cmd[3] == IPMOB_CMD_BINDING_FLUSH && fake.nests[3] == 0);
	CHECK(fake.cmd[4] == IPMOB_CMD_BINDING_NEW && fake.nests[4] == 2);
	ctx_close(&ctx);

	/* "binding change" is not packed */
	fake_reset();
	text_reset();
	addf("binding change hoa 2001:db8::1 coa 2001:db8::2 dev lo\n");
	addf("binding change hoa 2001:db8::3 coa 2001:db8::2 dev lo\n");
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == 0);
	CHECK(fake.n_msgs == 2 && fake.cmd[0] == IPMOB_CMD_BINDING_SET);
	ctx_close(&ctx);
}

static void test_errors(void)
{
	struct cli_ctx ctx;
	unsigned int i;

	/* kernel refuses line 7 of 10 packed: nothing applied, line 7 named */
	fake_reset();
	text_reset();
	for (i = 0; i < 10; i++)
		add_line(i, 1);
	inet_pton(AF_INET6, "2001:db8:1::0:6", &fake.fail_hoa);
	fake.fail_hoa_set = true;
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == EXIT_KERNEL);
	CHECK_STR(ctx_err(&ctx),
		  "ipmob: line 7: binding 7 of 10: already exists\n");
	CHECK(fake.applied == 0 && fake.n_msgs == 1);
	ctx_close(&ctx);

	/* comments shift the line numbers; fails in the second message */
	fake_reset();
	text_reset();
	addf("# header\n\n");
	for (i = 0; i < 300; i++)
		add_line(i, 1);
	inet_pton(AF_INET6, "2001:db8:1::0:fa", &fake.fail_hoa); /* i=250 */
	fake.fail_hoa_set = true;
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == EXIT_KERNEL);
	CHECK_STR(ctx_err(&ctx),
		  "ipmob: line 253: binding 51 of 100: already exists\n");
	CHECK(fake.applied == 200 && fake.n_msgs == 2);
	ctx_close(&ctx);

	/* the line found from the extack attribute offset */
	fake_reset();
	text_reset();
	for (i = 0; i < 50; i++)
		add_line(i, 3);
	inet_pton(AF_INET6, "2001:db8:1::0:1f", &fake.fail_hoa); /* i=31 */
	fake.fail_hoa_set = true;
	fake.fail_mode = FAIL_OFFSET;
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == EXIT_KERNEL);
	CHECK_STR(ctx_err(&ctx), "ipmob: line 32: bad home address\n");
	CHECK(fake.applied == 0);
	ctx_close(&ctx);

	/* no way to tell the line: the message's range */
	fake_reset();
	text_reset();
	addf("binding flush\n");
	for (i = 0; i < 10; i++)
		add_line(i, 1);
	inet_pton(AF_INET6, "2001:db8:1::0:3", &fake.fail_hoa);
	fake.fail_hoa_set = true;
	fake.fail_mode = FAIL_VAGUE;
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == EXIT_KERNEL);
	CHECK_STR(ctx_err(&ctx), "ipmob: lines 2-11: boom\n");
	ctx_close(&ctx);

	/* ... unless the message holds one line */
	fake_reset();
	text_reset();
	add_line(3, 1);
	addf("binding flush\n");
	inet_pton(AF_INET6, "2001:db8:1::0:3", &fake.fail_hoa);
	fake.fail_hoa_set = true;
	fake.fail_mode = FAIL_VAGUE;
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == EXIT_KERNEL);
	CHECK_STR(ctx_err(&ctx), "ipmob: line 1: boom\n");
	CHECK(fake.n_msgs == 1);	/* stopped before the flush */
	ctx_close(&ctx);

	/* bad argument on line 4: lines 1-3 are sent first, then exit 1 */
	fake_reset();
	text_reset();
	for (i = 0; i < 3; i++)
		add_line(i, 1);
	addf("binding add hoa 2001:db8::1 coa nope dev lo\n");
	add_line(4, 1);
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == EXIT_USAGE);
	CHECK_STR(ctx_err(&ctx),
		  "ipmob: line 4: invalid care-of address \"nope\"\n");
	CHECK(fake.applied == 3 && fake.n_msgs == 1);
	ctx_close(&ctx);

	/* ... unless those fail: then the earlier line is the error */
	fake_reset();
	text_reset();
	for (i = 0; i < 3; i++)
		add_line(i, 1);
	addf("binding add hoa 2001:db8::1 coa nope dev lo\n");
	inet_pton(AF_INET6, "2001:db8:1::0:1", &fake.fail_hoa);
	fake.fail_hoa_set = true;
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == EXIT_KERNEL);
	CHECK_STR(ctx_err(&ctx),
		  "ipmob: line 2: binding 2 of 3: already exists\n");
	ctx_close(&ctx);

	/* unknown device, unknown object, quoting error, NUL byte */
	{
		static const struct {
			const char *line;
			const char *err;
		} cases[] = {
			{ "binding add hoa 2001:db8::1 coa 2001:db8::2 dev nosuchdev0\n",
			  "ipmob: line 2: cannot find device \"nosuchdev0\"\n" },
			{ "bogus\n",
			  "ipmob: line 2: unknown object \"bogus\" (try \"ipmob help\")\n" },
			{ "link add \"mob0\n",
			  "ipmob: line 2: unterminated double quote\n" },
			{ "stats show extra\n",
			  "ipmob: line 2: unknown keyword \"extra\"\n" },
			{ "binding\n", "" },	/* = show: fine */
		};

		for (i = 0; i < ARRAY_SIZE(cases); i++) {
			fake_reset();
			text_reset();
			add_line(0, 1);
			addf("%s", cases[i].line);
			ctx_open(&ctx);
			CHECK(run_batch(&ctx) == (cases[i].err[0] ? EXIT_USAGE : 0));
			CHECK_STR(ctx_err(&ctx), cases[i].err);
			CHECK(fake.applied == 1);
			ctx_close(&ctx);
		}

		fake_reset();
		text_reset();
		add_line(0, 1);
		addf("binding add hoa 2001:db8::1");
		text[text_len++] = '\0';
		addf(" coa 2001:db8::2 dev lo\n");
		ctx_open(&ctx);
		CHECK(run_batch(&ctx) == EXIT_USAGE);
		CHECK_STR(ctx_err(&ctx), "ipmob: line 2: NUL byte in line\n");
		CHECK(fake.applied == 1);
		ctx_close(&ctx);
	}

	/* kernel unreachable: the connect error, no line number needed */
	fake_reset();
	text_reset();
	add_line(0, 1);
	fake.connect_ret = EXIT_KERNEL;
	ctx_open(&ctx);
	CHECK(run_batch(&ctx) == EXIT_KERNEL);
	ctx_close(&ctx);
}

static void test_speed(void)
{
	struct cli_ctx ctx;
	struct timespec t0, t1;
	unsigned int i;
	double secs;

	fake_reset();
	text_reset();
	for (i = 0; i < 100000; i++)
		add_line(i, 1);
	ctx_open(&ctx);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(run_batch(&ctx) == 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	CHECK(fake.n_msgs == 500);
	CHECK(fake.applied == 100000);
	/* parsing + packing only (sanitizers on); the kernel adds its share */
	CHECK(secs < 5.0);
	printf("batch: 100000 add lines parsed and packed in %.2fs (%lu messages)\n",
	       secs, fake.n_msgs);
	ctx_close(&ctx);
}

void test_batch(void)
{
	test_pack_counts();
	test_pack_size_limit();
	test_order();
	test_errors();
	test_speed();
	free(text);
	text = NULL;
	text_cap = 0;
}
