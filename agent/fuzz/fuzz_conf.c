// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_conf.c - libFuzzer target for the ipmobd configuration parser
 * (conf.c), through conf_parse_buf().
 *
 * The input is the text of a configuration file. A file that parses
 * must give a configuration within the documented ranges (conf.h,
 * ipmobd.conf(5)); conf_free() must leave nothing behind (LeakSanitizer).
 * A file that does not parse must leave *c untouched and give a one-line
 * "PATH:LINE: reason" or "PATH: reason" message that does not show a
 * key: neither one given with "key HEX" nor the content of a key-file.
 * The same text must always give the same verdict and message.
 *
 * key-file: while the parser runs, open() is only allowed on the files
 * of a fixture directory made at start-up (the configuration's own
 * directory, so relative names reach it), any other name fails with
 * EACCES: the fuzzer never opens a file of the machine it runs on. The
 * fixtures: mn1.key (a good key, mode 0600), open.key (mode 0644),
 * empty.key, blank.key (blanks only), short.key (15 octets), long.key
 * (over 4096 bytes), odd.key (odd number of digits), bad.key (not hex),
 * and dir.key, a directory.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "conf.h"
#include "util.h"

#define FAIL(...)							\
	do {								\
		fprintf(stderr, "fuzz_conf: " __VA_ARGS__);		\
		fputc('\n', stderr);					\
		abort();						\
	} while (0)

#define GOOD_KEY	"6b65792d66696c652d6b65792d6d6e31" /* 16 octets */

static char dir[64];		/* the fixture directory */
static char conf_path[96];	/* dir/ipmobd.conf, never created */
static int in_parse;		/* open() is gated while set */

/*
 * open(2) as conf.c calls it. Outside the parser (libFuzzer, the
 * sanitizers) it is the system call as usual.
 */
int open(const char *path, int flags, ...)
{
	size_t n = strlen(dir);
	mode_t mode = 0;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;

		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	if (in_parse && (strncmp(path, dir, n) || path[n] != '/' ||
			 strchr(path + n + 1, '/') ||
			 !strcmp(path + n + 1, "..") ||
			 (flags & (O_WRONLY | O_RDWR | O_CREAT)))) {
		errno = EACCES;
		return -1;
	}
	return (int)syscall(SYS_openat, AT_FDCWD, path, flags, mode);
}

static void fixture(const char *name, const char *text, size_t len,
		    mode_t mode)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = (int)syscall(SYS_openat, AT_FDCWD, path,
			  O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len ||
	    fchmod(fd, mode) < 0 || close(fd) < 0)
		FAIL("cannot write %s", path);
}

static void cleanup(void)
{
	static const char *const names[] = {
		"mn1.key", "open.key", "empty.key", "blank.key", "short.key",
		"long.key", "odd.key", "bad.key",
	};
	char path[128];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/dir.key", dir);
	rmdir(path);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char big[CONF_NAI_MAX * 20];
	const char *tmp = getenv("TMPDIR");
	char path[128];

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "%s/fuzz_conf.XXXXXX",
		 tmp && *tmp && strlen(tmp) < 32 ? tmp : "/tmp");
	if (!mkdtemp(dir))
		FAIL("mkdtemp %s: %s", dir, strerror(errno));
	atexit(cleanup);
	snprintf(conf_path, sizeof(conf_path), "%s/ipmobd.conf", dir);
	fixture("mn1.key", GOOD_KEY "\n", strlen(GOOD_KEY) + 1, 0600);
	fixture("open.key", GOOD_KEY "\n", strlen(GOOD_KEY) + 1, 0644);
	fixture("empty.key", "", 0, 0600);
	fixture("blank.key", " \n\t\n", 4, 0600);
	fixture("short.key", "000102030405060708090a0b0c0d0e", 30, 0600);
	memset(big, '0', sizeof(big));
	fixture("long.key", big, sizeof(big), 0600);
	fixture("odd.key", GOOD_KEY "0", strlen(GOOD_KEY) + 1, 0600);
	fixture("bad.key", GOOD_KEY "zz", strlen(GOOD_KEY) + 2, 0600);
	snprintf(path, sizeof(path), "%s/dir.key", dir);
	if (mkdir(path, 0700) < 0)
		FAIL("mkdir %s", path);
	return 0;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

/* Occurrences of the n bytes of s in the len bytes of text. */
static unsigned int count(const char *text, size_t len, const char *s,
			  size_t n)
{
	const char *p = text, *end = text + len;
	unsigned int k = 0;

	while ((p = memmem(p, (size_t)(end - p), s, n))) {
		k++;
		p++;
	}
	return k;
}

/*
 * Keys given as "key HEX" at the start of a line (16 octets or more),
 * and the key of mn1.key: none may show in msg. The message may well
 * echo the same digits written elsewhere, also pieced together from
 * quoted parts ('6b'"65"...): such keys are not looked for.
 */
static void check_no_key(const char *text, size_t len, const char *msg)
{
	static char flat[1 << 20];
	size_t i = 0, n = 0;

	for (i = 0; i < len && n < sizeof(flat); i++)
		if (text[i] != '"' && text[i] != '\'')
			flat[n++] = text[i];
	if (!count(flat, n, GOOD_KEY, strlen(GOOD_KEY)) &&
	    strstr(msg, GOOD_KEY))
		FAIL("message shows the key of a key-file: %s", msg);
	i = 0;
	while (i < len) {
		size_t s = i, e, k;

		while (s < len && (text[s] == ' ' || text[s] == '\t'))
			s++;
		if (s + 4 <= len && !memcmp(text + s, "key", 3) &&
		    (text[s + 3] == ' ' || text[s + 3] == '\t')) {
			char run[33];

			for (s += 4; s < len && (text[s] == ' ' ||
						 text[s] == '\t'); s++)
				;
			for (e = s; e < len && is_hex(text[e]); e++)
				;
			if (e - s >= 32) {
				memcpy(run, text + s, 32);
				run[32] = '\0';
				if (count(flat, n, run, 32) == 1 &&
				    strstr(msg, run))
					FAIL("message shows a key: %s", msg);
			}
		}
		for (k = i; k < len && text[k] != '\n'; k++)
			;
		i = k + 1;
	}
}

static void check_error(const char *text, size_t len, const char *err)
{
	size_t n = strlen(conf_path), i;

	if (!err[0])
		FAIL("failed without a message");
	if (strncmp(err, conf_path, n) || err[n] != ':')
		FAIL("message does not start with the path: %s", err);
	for (i = 0; err[i]; i++)
		if ((unsigned char)err[i] < 0x20 || err[i] == 0x7f)
			FAIL("control character in the message: %s", err);
	check_no_key(text, len, err);
}

static bool prefix_clean(const struct conf_prefix *p)
{
	unsigned int i;

	if (p->plen < 1 || p->plen > 128)
		return false;
	for (i = p->plen; i < 128; i++)
		if (p->prefix.s6_addr[i / 8] & (0x80 >> (i % 8)))
			return false;
	return true;
}

static bool global_unicast(const struct in6_addr *a)
{
	return !IN6_IS_ADDR_UNSPECIFIED(a) && !IN6_IS_ADDR_LOOPBACK(a) &&
	       !IN6_IS_ADDR_MULTICAST(a) && !IN6_IS_ADDR_LINKLOCAL(a) &&
	       !IN6_IS_ADDR_V4MAPPED(a);
}

static bool nai_ok(const char *nai)
{
	size_t len = strlen(nai), i;

	if (len > CONF_NAI_MAX)
		return false;
	for (i = 0; i < len; i++)
		if ((unsigned char)nai[i] <= 0x20 || (unsigned char)nai[i] >= 0x7f)
			return false;
	return true;
}

static bool key_ok(const struct conf_key *k)
{
	return k->len >= 16 && k->len <= CONF_KEY_MAX;
}

static void check_conf(const struct ipmobd_conf *c)
{
	const struct conf_mn *mn = &c->mn;
	const struct conf_ha *ha = &c->ha;
	char roles[64];
	unsigned int i, j, k;

	if (!mn->enabled && !ha->enabled && !c->cn.enabled)
		FAIL("no role");
	if (c->log_level < LOG_EMERG || c->log_level > LOG_DEBUG ||
	    !ifname_valid(c->device))
		FAIL("global part");
	/* rate limits: a zero would silence the daemon, a huge burst undo it */
	if (c->reply_rate < 1 || c->reply_rate > 1000000 ||
	    c->reply_burst < 1 || c->reply_burst > 1000000 ||
	    c->peer_log_rate < 1 || c->peer_log_rate > 1000000 ||
	    c->peer_log_burst < 1 || c->peer_log_burst > 1000000)
		FAIL("rate limits");
	if (!strcmp(conf_roles(c, roles, sizeof(roles)), "none"))
		FAIL("roles");
	if (mn->enabled) {
		if (!global_unicast(&mn->hoa) || mn->home_plen < 1 ||
		    mn->home_plen > 128)
			FAIL("mobile node home address");
		if (mn->has_ha && !global_unicast(&mn->ha))
			FAIL("home agent address");
		if (mn->auth && (!mn->nai[0] || mn->spi < 256 ||
				 !key_ok(&mn->key)))
			FAIL("mobile node authentication");
		if (!nai_ok(mn->nai) || (mn->key.len && !key_ok(&mn->key)))
			FAIL("mobile node NAI or key");
		if (mn->lifetime < 4 || mn->lifetime > 262140 ||
		    mn->initial_bindack_ms < 100 ||
		    mn->initial_bindack_ms > 60000 ||
		    mn->first_reg_bindack_ms < 100 ||
		    mn->first_reg_bindack_ms > 60000 ||
		    mn->max_bindack_ms > 256000 ||
		    mn->max_bindack_ms < mn->initial_bindack_ms)
			FAIL("mobile node timers");
		if (mn->n_links > CONF_MAX_LINKS ||
		    mn->n_ro_exclude > CONF_MAX_RO_EXCLUDE ||
		    mn->max_correspondents < 1 ||
		    mn->max_correspondents > 65536)
			FAIL("mobile node lists");
		for (i = 0; i < mn->n_links; i++) {
			if (!ifname_valid(mn->links[i].name) ||
			    mn->links[i].preference < -1000 ||
			    mn->links[i].preference > 1000)
				FAIL("link %u", i);
			for (j = 0; j < i; j++)
				if (!strcmp(mn->links[i].name,
					    mn->links[j].name))
					FAIL("duplicate link");
		}
		for (i = 0; i < mn->n_ro_exclude; i++)
			if (!prefix_clean(&mn->ro_exclude[i]))
				FAIL("no-route-optimization %u", i);
	}
	if (ha->enabled) {
		if (!ifname_valid(ha->home_link) || !ha->n_prefixes ||
		    ha->n_prefixes > CONF_MAX_PREFIXES)
			FAIL("home agent link or prefixes");
		for (i = 0; i < ha->n_prefixes; i++)
			if (!prefix_clean(&ha->prefixes[i]) ||
			    !global_unicast(&ha->prefixes[i].prefix))
				FAIL("home-prefix %u", i);
		if (ha->max_bindings < 1 || ha->max_bindings > 1000000 ||
		    ha->max_lifetime < 4 || ha->max_lifetime > 262140 ||
		    ha->preference < -32768 || ha->preference > 32767 ||
		    ha->replay_window < 1 || ha->replay_window > 60)
			FAIL("home agent numbers");
	} else if (ha->n_sa) {
		FAIL("security associations without a home agent");
	}
	if (c->cn.enabled &&
	    (c->cn.max_lifetime < 4 || c->cn.max_lifetime > 420))
		FAIL("correspondent max-lifetime");
	/* the correspondent's tables are bounded whatever the file says */
	if (c->cn.max_bindings < 1 || c->cn.max_bindings > 1000000 ||
	    c->cn.max_deleted < 16 || c->cn.max_deleted > 1000000)
		FAIL("correspondent limits");
	for (i = 0; i < ha->n_sa; i++) {
		const struct conf_sa *sa = &ha->sa[i];

		if (!sa->nai[0] || !nai_ok(sa->nai) || sa->spi < 256 ||
		    !key_ok(&sa->key) ||
		    sa->n_hoa > CONF_SA_MAX_HOA)
			FAIL("security association %u", i);
		for (j = 0; j < sa->n_hoa; j++) {
			if (!global_unicast(&sa->hoa[j]))
				FAIL("security association %u address %u", i, j);
			/* one owner per home address */
			for (k = 0; k < ha->n_sa; k++)
				if (k != i && conf_sa_owns(&ha->sa[k],
							   &sa->hoa[j]))
					FAIL("home address of SAs %u and %u", i, k);
		}
		if (conf_find_sa(ha, (const uint8_t *)sa->nai,
				 strlen(sa->nai)) != sa)
			FAIL("security association %u not found by its NAI", i);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct ipmobd_conf c, untouched;
	char err[ERRBUF_LEN], err2[ERRBUF_LEN];
	int ret, ret2;

	memset(&untouched, 0xa5, sizeof(untouched));
	c = untouched;
	err[0] = '\0';
	in_parse = 1;
	ret = conf_parse_buf(text, size, conf_path, &c, err, sizeof(err));
	in_parse = 0;
	if (ret == 0) {
		check_conf(&c);
		conf_free(&c);
		if (c.ha.sa || c.ha.n_sa || c.mn.key.len)
			FAIL("conf_free left something");
	} else if (ret == -1) {
		if (memcmp(&c, &untouched, sizeof(c)))
			FAIL("a failed parse changed *c");
		check_error(text, size, err);
	} else {
		FAIL("returned %d", ret);
	}

	/* the same text, the same verdict and message */
	err2[0] = '\0';
	in_parse = 1;
	ret2 = conf_parse_buf(text, size, conf_path, &c, err2, sizeof(err2));
	in_parse = 0;
	if (ret2 != ret || (ret && strcmp(err, err2)))
		FAIL("second parse: %d \"%s\", first %d \"%s\"", ret2, err2,
		     ret, err);
	if (ret2 == 0)
		conf_free(&c);
	return 0;
}
