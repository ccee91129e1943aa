// SPDX-License-Identifier: GPL-2.0
/*
 * test_ike.c - the VICI requests ipmobd sends charon (ike.c), read back
 * with the codec, and the child SA found in charon's events.
 */
#include <arpa/inet.h>
#include <stdlib.h>

#include "t.h"
#include "ike.h"
#include "vici.h"

/*
 * The message of a request as "path=value" lines (sections joined by
 * '.', list items as path[]=value), so that a test can look for one.
 */
static char *flatten(const uint8_t *seg, long n, char *name, size_t nlen)
{
	static char out[65536];
	char path[16][64];
	struct vici_pkt pkt;
	struct vici_it it;
	struct vici_el e;
	size_t off = 0;
	int depth = 0, i, r;

	out[0] = '\0';
	if (n < 4 || vici_pkt_parse(seg + 4, (size_t)n - 4, &pkt) < 0 ||
	    vici_msg_check(pkt.msg, pkt.msg_len) < 0)
		return NULL;
	snprintf(name, nlen, "%.*s", pkt.name_len, pkt.name ? pkt.name : "");
	vici_it_init(&it, pkt.msg, pkt.msg_len);
	while ((r = vici_next(&it, &e)) == 1 && off < sizeof(out) - 512) {
		char p[1024] = "";

		for (i = 0; i < depth && i < 16; i++) {
			strncat(p, path[i], sizeof(p) - strlen(p) - 1);
			strncat(p, ".", sizeof(p) - strlen(p) - 1);
		}
		switch (e.type) {
		case VICI_SECTION_START:
			snprintf(path[depth < 16 ? depth : 15], 64, "%.*s",
				 e.name_len, e.name);
			depth++;
			break;
		case VICI_SECTION_END:
			depth--;
			break;
		case VICI_KEY_VALUE:
			off += (size_t)snprintf(out + off, sizeof(out) - off,
						"%s%.*s=%.*s\n", p, e.name_len,
						e.name, e.val_len > 200 ? 200 :
						e.val_len, e.val);
			break;
		case VICI_LIST_START:
			snprintf(path[depth < 16 ? depth : 15], 64, "%.*s",
				 e.name_len, e.name);
			break;
		case VICI_LIST_ITEM:
			off += (size_t)snprintf(out + off, sizeof(out) - off,
						"%s%s[]=%.*s\n", p,
						path[depth < 16 ? depth : 15],
						e.val_len > 200 ? 200 :
						e.val_len, e.val);
			break;
		default:
			break;
		}
	}
	return r == 0 ? out : NULL;
}

static bool has(const char *flat, const char *line)
{
	char want[512];

	snprintf(want, sizeof(want), "%s\n", line);
	return flat && strstr(flat, want) != NULL;
}

static void test_ike_conns(void)
{
	static uint8_t buf[65536];
	struct conf_mn mn;
	struct conf_ha ha;
	struct conf_sa sa;
	struct in6_addr haddr;
	char name[64], *f;
	long n;

	memset(&mn, 0, sizeof(mn));
	inet_pton(AF_INET6, "2001:db8:1::100", &mn.hoa);
	inet_pton(AF_INET6, "2001:db8:1::1", &mn.ha);
	snprintf(mn.nai, sizeof(mn.nai), "mn1@example.net");
	snprintf(mn.ike.peer_id, sizeof(mn.ike.peer_id), "ha.example.net");
	mn.ipsec_reqid = 4877;
	mn.key.len = 16;
	n = ike_msg_mn_conn(buf, sizeof(buf), &mn);
	f = flatten(buf, n, name, sizeof(name));
	CHECK(f != NULL);
	CHECK_STR(name, "load-conn");
	CHECK(has(f, "ipmob-ha.version=2"));
	CHECK(has(f, "ipmob-ha.mobike=yes"));
	CHECK(has(f, "ipmob-ha.dpd_delay=30s"));
	CHECK(has(f, "ipmob-ha.remote_addrs[]=2001:db8:1::1"));
	CHECK(has(f, "ipmob-ha.local.auth=psk"));
	CHECK(has(f, "ipmob-ha.local.id=mn1@example.net"));
	CHECK(has(f, "ipmob-ha.remote.id=ha.example.net"));
	CHECK(has(f, "ipmob-ha.children.mh.mode=transport_proxy"));
	CHECK(has(f, "ipmob-ha.children.mh.policies=no"));
	CHECK(has(f, "ipmob-ha.children.mh.reqid=4877"));
	CHECK(has(f, "ipmob-ha.children.mh.local_ts[]=2001:db8:1::100/128[135]"));
	CHECK(has(f, "ipmob-ha.children.mh.remote_ts[]=2001:db8:1::1/128[135]"));
	CHECK(has(f, "ipmob-ha.children.mh.local_ts[]=2001:db8:1::100/128[58]"));
	CHECK(has(f, "ipmob-ha.children.mh.remote_ts[]=2001:db8:1::1/128[58]"));
	CHECK(has(f, "ipmob-ha.children.mh.start_action=none"));
	/* RFC 4877 4.1: the tunnel's child, reqid + 1, the HoA to anywhere */
	CHECK(has(f, "ipmob-ha.children.tunnel.mode=tunnel"));
	CHECK(has(f, "ipmob-ha.children.tunnel.policies=no"));
	CHECK(has(f, "ipmob-ha.children.tunnel.reqid=4878"));
	CHECK(has(f, "ipmob-ha.children.tunnel.local_ts[]=2001:db8:1::100/128"));
	CHECK(has(f, "ipmob-ha.children.tunnel.remote_ts[]=::/0"));
	CHECK(has(f, "ipmob-ha.children.tunnel.esp_proposals[]=aes256gcm16"));

	/* with a certificate: pubkey, the PEM in local.certs */
	mn.ike.cert.data = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
	mn.ike.cert.len = strlen(mn.ike.cert.data);
	n = ike_msg_mn_conn(buf, sizeof(buf), &mn);
	f = flatten(buf, n, name, sizeof(name));
	CHECK(has(f, "ipmob-ha.local.auth=pubkey"));
	CHECK(has(f, "ipmob-ha.remote.auth=pubkey"));
	CHECK(f && strstr(f, "ipmob-ha.local.certs[]=-----BEGIN CERTIFICATE-----") != NULL);
	/* too small a buffer: -1, never a partial request */
	CHECK(ike_msg_mn_conn(buf, 64, &mn) == -1);

	memset(&ha, 0, sizeof(ha));
	memset(&sa, 0, sizeof(sa));
	snprintf(ha.ike.id, sizeof(ha.ike.id), "ha.example.net");
	snprintf(sa.nai, sizeof(sa.nai), "mn2@example.net");
	sa.security = CONF_SEC_IKEV2;
	sa.ipsec_reqid = 9;
	sa.n_hoa = 1;
	inet_pton(AF_INET6, "2001:db8:1::200", &sa.hoa[0]);
	inet_pton(AF_INET6, "2001:db8:1::1", &haddr);
	sa.key.len = 16;
	n = ike_msg_ha_conn(buf, sizeof(buf), &ha, &sa, 3, &haddr);
	f = flatten(buf, n, name, sizeof(name));
	CHECK(f != NULL);
	CHECK(has(f, "ipmob-3.local_addrs[]=2001:db8:1::1"));
	CHECK(has(f, "ipmob-3.unique=replace"));
	CHECK(has(f, "ipmob-3.local.id=ha.example.net"));
	CHECK(has(f, "ipmob-3.remote.id=mn2@example.net"));
	CHECK(has(f, "ipmob-3.local.auth=psk"));
	CHECK(has(f, "ipmob-3.children.mh.reqid=9"));
	CHECK(has(f, "ipmob-3.children.mh.local_ts[]=2001:db8:1::1/128[135]"));
	CHECK(has(f, "ipmob-3.children.mh.remote_ts[]=2001:db8:1::200/128[135]"));
	CHECK(has(f, "ipmob-3.children.tunnel.reqid=10"));
	CHECK(has(f, "ipmob-3.children.tunnel.local_ts[]=::/0"));
	CHECK(has(f, "ipmob-3.children.tunnel.remote_ts[]=2001:db8:1::200/128"));
}

static void test_ike_creds(void)
{
	static uint8_t buf[65536];
	struct conf_pem key = { 0 }, cert = { 0 };
	struct conf_key psk;
	char name[64], *f;
	long n;

	key.data = "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n";
	key.len = strlen(key.data);
	f = flatten(buf, ike_msg_key(buf, sizeof(buf), &key), name, sizeof(name));
	CHECK_STR(name, "load-key");
	CHECK(has(f, "type=ecdsa"));
	key.data = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
	key.len = strlen(key.data);
	f = flatten(buf, ike_msg_key(buf, sizeof(buf), &key), name, sizeof(name));
	CHECK(has(f, "type=any"));

	cert.data = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
	cert.len = strlen(cert.data);
	f = flatten(buf, ike_msg_cert(buf, sizeof(buf), &cert, true), name,
		    sizeof(name));
	CHECK_STR(name, "load-cert");
	CHECK(has(f, "type=X509") && has(f, "flag=CA"));
	f = flatten(buf, ike_msg_cert(buf, sizeof(buf), &cert, false), name,
		    sizeof(name));
	CHECK(has(f, "flag=NONE"));

	memset(&psk, 0, sizeof(psk));
	memcpy(psk.key, "0123456789abcdef", 16);
	psk.len = 16;
	n = ike_msg_psk(buf, sizeof(buf), &psk, "mn1@example.net",
			"ha.example.net");
	f = flatten(buf, n, name, sizeof(name));
	CHECK_STR(name, "load-shared");
	CHECK(has(f, "type=IKE") && has(f, "data=0123456789abcdef"));
	CHECK(has(f, "owners[]=mn1@example.net") &&
	      has(f, "owners[]=ha.example.net"));

	f = flatten(buf, ike_msg_initiate(buf, sizeof(buf), IKE_CHILD), name,
		    sizeof(name));
	CHECK_STR(name, "initiate");
	CHECK(has(f, "child=mh") && has(f, "ike=ipmob-ha") &&
	      has(f, "init-limits=no"));
	f = flatten(buf, ike_msg_initiate(buf, sizeof(buf), IKE_TUN_CHILD),
		    name, sizeof(name));
	CHECK(has(f, "child=tunnel") && has(f, "ike=ipmob-ha"));
	f = flatten(buf, ike_msg_list_sas(buf, sizeof(buf)), name, sizeof(name));
	CHECK_STR(name, "list-sas");
	CHECK(has(f, "ike=ipmob-ha"));
}

/* a child-updown event as charon sends it (vici README) */
static long event(uint8_t *buf, size_t cap, bool up, const char *reqid,
		  const char *state)
{
	struct vici_w w;

	vici_w_start(&w, buf, cap, VICI_EVENT, "child-updown");
	if (up)
		vici_w_kvs(&w, "up", "yes");
	vici_w_section(&w, "ipmob-ha");
	vici_w_kvs(&w, "uniqueid", "1");
	vici_w_kvs(&w, "state", "ESTABLISHED");
	vici_w_section(&w, "child-sas");
	vici_w_section(&w, "mh-1");
	vici_w_kvs(&w, "uniqueid", "1");
	vici_w_kvs(&w, "reqid", reqid);
	vici_w_kvs(&w, "state", state);
	vici_w_list(&w, "local-ts");
	vici_w_item(&w, "2001:db8:1::100/128[ipv6-mh]");
	vici_w_list_end(&w);
	vici_w_end(&w);
	vici_w_end(&w);
	vici_w_end(&w);
	return vici_w_finish(&w);
}

static void test_ike_child(void)
{
	static uint8_t buf[4096];
	struct vici_pkt pkt;
	bool inst = false;
	long n;

	n = event(buf, sizeof(buf), true, "4877", "INSTALLED");
	CHECK(n > 4 && vici_pkt_parse(buf + 4, (size_t)n - 4, &pkt) == 0);
	CHECK(ike_msg_child(pkt.msg, pkt.msg_len, 4877, &inst) && inst);
	CHECK(!ike_msg_child(pkt.msg, pkt.msg_len, 4878, &inst));
	n = event(buf, sizeof(buf), false, "4877", "DELETING");
	CHECK(vici_pkt_parse(buf + 4, (size_t)n - 4, &pkt) == 0);
	inst = true;
	CHECK(ike_msg_child(pkt.msg, pkt.msg_len, 4877, &inst) && !inst);
	/* a reqid that is not a number, or too large, names nothing */
	n = event(buf, sizeof(buf), true, "48x7", "INSTALLED");
	CHECK(vici_pkt_parse(buf + 4, (size_t)n - 4, &pkt) == 0);
	CHECK(!ike_msg_child(pkt.msg, pkt.msg_len, 48, &inst));
	n = event(buf, sizeof(buf), true, "99999999999999999999", "INSTALLED");
	CHECK(vici_pkt_parse(buf + 4, (size_t)n - 4, &pkt) == 0);
	CHECK(!ike_msg_child(pkt.msg, pkt.msg_len, 4877, &inst));
	/* a truncated message: nothing, no read past it */
	n = event(buf, sizeof(buf), true, "4877", "INSTALLED");
	CHECK(vici_pkt_parse(buf + 4, (size_t)n - 4, &pkt) == 0);
	CHECK(!ike_msg_child(pkt.msg, pkt.msg_len - 20, 4877, &inst));
}

void test_ike(void);
void test_ike(void)
{
	test_ike_conns();
	test_ike_creds();
	test_ike_child();
}
