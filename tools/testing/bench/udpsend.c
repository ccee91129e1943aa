// SPDX-License-Identifier: GPL-2.0
/*
 * udpsend: the benchmark's locally generated traffic (guest.sh, the
 * correspondent's send path).  Reads packet counts on standard input, one
 * per line, and for each sends that many UDP/IPv6 datagrams of SIZE bytes
 * to ADDR port 9 with sendmmsg() in batches of 64 from one connected
 * socket, then answers on standard output, in the format of guest.sh's
 * pktgen worker:
 *
 *   sent transmitted usec pps errors bytes
 *
 * where transmitted and bytes are the growth of DEV's tx_packets and
 * tx_bytes (sysfs of the current network namespace) over the run, usec
 * the run's time and pps sent / usec.
 *
 *   udpsend ADDR SIZE DEV
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64

static unsigned long long stat_read(const char *dev, const char *what)
{
	char path[256];
	unsigned long long v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/net/%s/statistics/%s", dev, what);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fscanf(f, "%llu", &v) != 1)
		v = 0;
	fclose(f);
	return v;
}

static unsigned long long now_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000ULL + ts.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
	static char payload[BATCH][1500];
	struct mmsghdr msg[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_in6 dst;
	char line[64];
	size_t size;
	int fd, i;

	if (argc != 4) {
		fprintf(stderr, "usage: udpsend ADDR SIZE DEV\n");
		return 2;
	}
	memset(&dst, 0, sizeof(dst));
	dst.sin6_family = AF_INET6;
	dst.sin6_port = htons(9);
	if (inet_pton(AF_INET6, argv[1], &dst.sin6_addr) != 1) {
		fprintf(stderr, "udpsend: not an IPv6 address: %s\n", argv[1]);
		return 2;
	}
	size = strtoul(argv[2], NULL, 10);
	if (size < 1 || size > sizeof(payload[0])) {
		fprintf(stderr, "udpsend: SIZE must be 1-%zu\n", sizeof(payload[0]));
		return 2;
	}
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&dst, sizeof(dst)) < 0) {
		perror("udpsend: socket");
		return 1;
	}
	memset(msg, 0, sizeof(msg));
	for (i = 0; i < BATCH; i++) {
		iov[i].iov_base = payload[i];
		iov[i].iov_len = size;
		msg[i].msg_hdr.msg_iov = &iov[i];
		msg[i].msg_hdr.msg_iovlen = 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof(line), stdin)) {
		unsigned long long count = strtoull(line, NULL, 10), sent = 0;
		unsigned long long p0, b0, t0, usec, errors = 0;

		p0 = stat_read(argv[3], "tx_packets");
		b0 = stat_read(argv[3], "tx_bytes");
		t0 = now_usec();
		while (sent < count) {
			unsigned int n = count - sent < BATCH ? count - sent : BATCH;
			int r = sendmmsg(fd, msg, n, 0);

			if (r < 0) {
				/* ENOBUFS and the like: count, go on, give up after many */
				if (++errors > 1000000 || (errno != ENOBUFS && errno != EAGAIN && errno != EINTR))
					break;
				continue;
			}
			sent += r;
		}
		usec = now_usec() - t0;
		printf("%llu %llu %llu %llu %llu %llu\n", sent,
		       stat_read(argv[3], "tx_packets") - p0, usec,
		       usec ? sent * 1000000ULL / usec : 0, errors,
		       stat_read(argv[3], "tx_bytes") - b0);
	}
	close(fd);
	return 0;
}
