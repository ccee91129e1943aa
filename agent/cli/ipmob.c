// SPDX-License-Identifier: GPL-2.0
/*
 * ipmob.c - the ipmob command line tool: options, network namespace,
 * object dispatch and batch mode.
 *
 *   ipmob [ OPTIONS ] OBJECT { COMMAND | help }
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Longest batch line, in words ("binding add" with 8 coa records is ~60). */
#define BATCH_MAX_WORDS 128

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: ipmob [ OPTIONS ] OBJECT { COMMAND | help }\n"
		"       ipmob [ OPTIONS ] -batch FILE\n"
		"where  OBJECT := { binding | flow | endpoint | udp | stats | monitor | link }\n"
		"       OPTIONS := { -j[son] | -p[retty] | -n[etns] NAME | -b[atch] FILE | -V[ersion] | -h[elp] }\n");
}

static const struct {
	const char *name;
	int (*fn)(struct cli_ctx *ctx, int argc, char **argv);
} objects[] = {
	{ "binding", cmd_binding },
	{ "flow", cmd_flow },
	{ "stats", cmd_stats },
	{ "monitor", cmd_monitor },
	{ "link", cmd_link },
	{ "endpoint", cmd_endpoint },
	{ "udp", cmd_udp },
};

int cli_dispatch(struct cli_ctx *ctx, int argc, char **argv)
{
	unsigned int i;

	if (argc < 1)
		return cli_error(ctx, "missing object (try \"ipmob help\")");
	if (matches(argv[0], "help")) {
		if (argc > 1)
			return cli_error(ctx, "unexpected argument \"%s\" after \"help\"",
					 argv[1]);
		usage(ctx->out);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(objects); i++)
		if (matches(argv[0], objects[i].name))
			return objects[i].fn(ctx, argc - 1, argv + 1);
	return cli_error(ctx, "unknown object \"%s\" (try \"ipmob help\")",
			 argv[0]);
}

/*
 * Batch mode: one command per line, no leading "ipmob". Consecutive
 * "binding add" lines are packed into BINDING_NEW messages of up to
 * PACK_MAX_NESTS bindings / PACK_MAX_BYTES bytes, consecutive "flow add"
 * lines of one session into FLOW_NEW messages of up to PACK_MAX_BYTES
 * bytes; anything else (or a "flow add" of another session) first sends
 * what is queued, so the effect is that of running the lines in order.
 * Stops at the first error, which names its line.
 */
int cli_batch(struct cli_ctx *ctx, FILE *f)
{
	char *line = NULL, *argv[BATCH_MAX_WORDS];
	char err[ERRBUF_LEN];
	size_t cap = 0;
	unsigned long lineno = 0;
	ssize_t n;
	int ret = 0;

	ctx->packer = packer_new();
	if (!ctx->packer) {
		fprintf(ctx->err, "ipmob: out of memory\n");
		return EXIT_USAGE;
	}
	while ((n = getline(&line, &cap, f)) >= 0) {
		int argc;

		ctx->lineno = ++lineno;
		if ((size_t)n != strlen(line)) {
			ret = packer_flush(ctx);
			if (!ret)
				ret = cli_error(ctx, "NUL byte in line");
			break;
		}
		argc = tokenize(line, argv, BATCH_MAX_WORDS, err, sizeof(err));
		if (argc == 0)
			continue;
		if (argc < 0 || (!is_binding_add(argc, argv) &&
				 !is_flow_add(argc, argv))) {
			/* Keep the order: queued adds go first. */
			ret = packer_flush(ctx);
			if (ret)
				break;
		}
		if (argc < 0) {
			ret = cli_error(ctx, "%s", err);
			break;
		}
		ret = cli_dispatch(ctx, argc, argv);
		if (ret)
			break;
	}
	if (!ret && ferror(f)) {
		ret = packer_flush(ctx);
		if (!ret)
			ret = cli_error(ctx, "read error: %s", strerror(errno));
	}
	if (!ret) {
		ctx->lineno = 0;
		ret = packer_flush(ctx);
	}
	free(line);
	return ret;
}

/*
 * Options as in ip(8): one or two dashes, any unambiguous prefix of the
 * long name ("-j", "-json", "--json"). Returns the option's long name or
 * NULL.
 */
const char *cli_match_option(const char *arg)
{
	static const char *const opts[] = {
		"json", "pretty", "netns", "batch", "Version", "help",
	};
	unsigned int i;

	if (arg[0] != '-')
		return NULL;
	arg++;
	if (arg[0] == '-')
		arg++;
	if (!arg[0])
		return NULL;
	if (!strcmp(arg, "version"))
		return "Version";
	for (i = 0; i < ARRAY_SIZE(opts); i++)
		if (matches(arg, opts[i]))
			return opts[i];
	return NULL;
}

#ifndef IPMOB_UNIT_TEST
int main(int argc, char **argv)
{
	const char *netns = NULL, *batch = NULL;
	struct cli_ctx ctx;
	char err[ERRBUF_LEN];
	int ret;

	if (cli_init(&ctx, &cli_genl_transport) < 0) {
		fprintf(stderr, "ipmob: out of memory\n");
		return EXIT_USAGE;
	}
	argc--;
	argv++;
	while (argc > 0 && argv[0][0] == '-') {
		const char *opt = cli_match_option(argv[0]);

		if (!opt) {
			ret = cli_error(&ctx, "unknown option \"%s\" (try \"ipmob help\")",
					argv[0]);
			goto out;
		}
		if (!strcmp(opt, "json")) {
			ctx.json = true;
		} else if (!strcmp(opt, "pretty")) {
			ctx.pretty = true;
		} else if (!strcmp(opt, "Version")) {
			printf("ipmob %s (generic netlink family \"%s\" version %d)\n",
			       IPMOB_AGENT_VERSION, IPMOB_GENL_NAME,
			       IPMOB_GENL_VERSION);
			ret = 0;
			goto out;
		} else if (!strcmp(opt, "help")) {
			usage(stdout);
			ret = 0;
			goto out;
		} else {
			/* netns / batch take a value */
			if (argc < 2) {
				ret = cli_error(&ctx, "option \"%s\" needs an argument",
						argv[0]);
				goto out;
			}
			if (!strcmp(opt, "netns")) {
				if (netns) {
					ret = cli_error(&ctx, "duplicate option \"%s\"",
							argv[0]);
					goto out;
				}
				netns = argv[1];
			} else {
				if (batch) {
					ret = cli_error(&ctx, "duplicate option \"%s\"",
							argv[0]);
					goto out;
				}
				batch = argv[1];
			}
			argc--;
			argv++;
		}
		argc--;
		argv++;
	}

	if (netns && netns_enter(netns, err, sizeof(err)) < 0) {
		ret = cli_error(&ctx, "%s", err);
		goto out;
	}

	if (batch) {
		FILE *f = stdin;

		if (argc > 0) {
			ret = cli_error(&ctx, "unexpected argument \"%s\" with -batch",
					argv[0]);
			goto out;
		}
		if (strcmp(batch, "-")) {
			f = fopen(batch, "re");
			if (!f) {
				ret = cli_error(&ctx, "cannot open batch file \"%s\": %s",
						batch, strerror(errno));
				goto out;
			}
		}
		ret = cli_batch(&ctx, f);
		if (f != stdin)
			fclose(f);
		goto out;
	}

	if (argc < 1) {
		usage(stderr);
		ret = EXIT_USAGE;
		goto out;
	}
	ret = cli_dispatch(&ctx, argc, argv);
out:
	if (fflush(stdout) != 0 && !ret) {
		fprintf(stderr, "ipmob: write error: %s\n", strerror(errno));
		ret = EXIT_USAGE;
	}
	cli_fini(&ctx);
	return ret;
}
#endif /* IPMOB_UNIT_TEST */
