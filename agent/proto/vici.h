/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vici.h - strongSwan's Versatile IKE Control Interface (VICI) wire
 * format, as strongSwan's src/libcharon/plugins/vici/README.md describes
 * it: the transport's segments (a 32-bit big-endian length, then the
 * packet), the packets (a type octet, a name for the named types, then
 * a message for the types that carry one) and the messages (a sequence
 * of sections, key/values and lists).
 *
 * A writer that builds a segment into a caller's buffer, and readers
 * that take one apart in place. Pure functions: no I/O, no allocation,
 * no global state. The readers are meant for what charon (or anything
 * on the other end of the socket) sends: every length is checked.
 */
#ifndef IPMOB_VICI_H
#define IPMOB_VICI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* largest packet of a segment (the README: 512 KiB) */
#define VICI_MAX_SEGMENT	(512 * 1024)
/* sections nested deeper than this are refused, writing and reading */
#define VICI_MAX_DEPTH		16

/**
 * enum vici_pkt_type - the packet types
 * @VICI_CMD_REQUEST: a named command request, with a message
 * @VICI_CMD_RESPONSE: the response to a command, with a message
 * @VICI_CMD_UNKNOWN: the command requested is unknown (nothing else)
 * @VICI_EVENT_REGISTER: register for the named event (no message)
 * @VICI_EVENT_UNREGISTER: unregister from the named event (no message)
 * @VICI_EVENT_CONFIRM: (un)registration done (nothing else)
 * @VICI_EVENT_UNKNOWN: the event to (un)register is unknown
 * @VICI_EVENT: a named event, with a message
 */
enum vici_pkt_type {
	VICI_CMD_REQUEST = 0,
	VICI_CMD_RESPONSE,
	VICI_CMD_UNKNOWN,
	VICI_EVENT_REGISTER,
	VICI_EVENT_UNREGISTER,
	VICI_EVENT_CONFIRM,
	VICI_EVENT_UNKNOWN,
	VICI_EVENT,
};

/**
 * enum vici_el_type - the elements of a message
 * @VICI_SECTION_START: a named section begins (they nest)
 * @VICI_SECTION_END: the innermost open section ends
 * @VICI_KEY_VALUE: a named value (16-bit length)
 * @VICI_LIST_START: a named list begins (lists do not nest)
 * @VICI_LIST_ITEM: a value of the open list (16-bit length)
 * @VICI_LIST_END: the open list ends
 */
enum vici_el_type {
	VICI_SECTION_START = 1,
	VICI_SECTION_END,
	VICI_KEY_VALUE,
	VICI_LIST_START,
	VICI_LIST_ITEM,
	VICI_LIST_END,
};

/* ---- writer ---- */

/**
 * struct vici_w - a segment being written into a caller's buffer
 * @buf: the buffer; the segment starts at @buf[0]
 * @cap: its size; nothing is written at or past @buf[@cap]
 * @len: bytes written so far, the 4-byte length prefix included
 * @depth: sections open
 * @in_list: a list is open
 * @err: something did not fit or the writer was misused; sticky: every
 *	later call does nothing and vici_w_finish() returns -1
 *
 * Names (of packets, sections, keys and lists) are C strings of 1 to
 * 255 bytes. Elements may only be written into the packet types that
 * carry a message (VICI_CMD_REQUEST, VICI_CMD_RESPONSE, VICI_EVENT).
 */
struct vici_w {
	uint8_t *buf;
	size_t cap, len;
	int depth;
	bool in_list, err;
};

/*
 * Begin a segment of a packet of type type in buf[0..cap): name is the
 * packet's name for the named types (VICI_CMD_REQUEST,
 * VICI_EVENT_REGISTER, VICI_EVENT_UNREGISTER, VICI_EVENT) and must be
 * NULL for the others (a name where none belongs, or none where one
 * does, is an error).
 */
void vici_w_start(struct vici_w *w, uint8_t *buf, size_t cap,
		  enum vici_pkt_type type, const char *name);
/* Open a section (not inside a list; at most VICI_MAX_DEPTH open). */
void vici_w_section(struct vici_w *w, const char *name);
/* Close the innermost section (SECTION_END; not inside a list). */
void vici_w_end(struct vici_w *w);
/* A key/value of len (at most 65535) bytes at val (not inside a list). */
void vici_w_kv(struct vici_w *w, const char *key, const void *val,
	       size_t len);
/* A key/value whose value is the C string val, without its NUL. */
void vici_w_kvs(struct vici_w *w, const char *key, const char *val);
/* A key/value whose value is v in decimal. */
void vici_w_kvu(struct vici_w *w, const char *key, unsigned long long v);
/* Open a list (not inside a list). */
void vici_w_list(struct vici_w *w, const char *name);
/* An item of the open list: the C string val, without its NUL. */
void vici_w_item(struct vici_w *w, const char *val);
/* An item of the open list: len (at most 65535) bytes at val. */
void vici_w_item_raw(struct vici_w *w, const void *val, size_t len);
/* A whole list: list start, the n strings of vals as items, list end. */
void vici_w_items(struct vici_w *w, const char *name,
		  const char *const *vals, size_t n);
/* Close the open list. */
void vici_w_list_end(struct vici_w *w);
/*
 * Fill in the length prefix: the segment's total size (4 + the packet),
 * or -1 if anything did not fit, the writer was misused (an item
 * outside a list, a section or list left open, sections too deep, a
 * value over 65535 bytes, a name empty or over 255 bytes, ...) or the
 * packet is over VICI_MAX_SEGMENT.
 */
long vici_w_finish(struct vici_w *w);

/* ---- reader ---- */

/*
 * Given the len bytes received so far at buf: the total size (4 + the
 * packet) of the first segment if it is all there, 0 if more bytes are
 * needed, -1 if its length is 0 or over VICI_MAX_SEGMENT (the stream
 * cannot be read any further).
 */
long vici_seg_len(const uint8_t *buf, size_t len);

/**
 * struct vici_pkt - a packet, pointing into the bytes parsed
 * @type: its type
 * @name: its name (not NUL-terminated) for the named types, else NULL
 * @name_len: the name's length (1..255; 0 for the unnamed types)
 * @msg: the message, in the bytes parsed (for the types that carry
 *	none, an empty one at the packet's end: never NULL)
 * @msg_len: its length (0: an empty message)
 */
struct vici_pkt {
	enum vici_pkt_type type;
	const char *name;
	uint8_t name_len;
	const uint8_t *msg;
	size_t msg_len;
};

/*
 * Parse a packet (without the 4-byte prefix): 0 with *p filled, -1 if
 * it is malformed: empty, of an unknown type, a named type without a
 * name (no length octet, or a length of 0), a name cut short or with a
 * NUL in it, data after a type that carries no message. The message is
 * not looked at: see vici_msg_check() and vici_next().
 */
int vici_pkt_parse(const uint8_t *pkt, size_t len, struct vici_pkt *p);

/**
 * struct vici_it - an iterator over the elements of a message
 * @p: the next element
 * @end: the end of the message
 * @depth: sections open
 * @in_list: a list is open
 * @err: the message was found malformed (sticky)
 */
struct vici_it {
	const uint8_t *p, *end;
	int depth;
	bool in_list;
	bool err;
};

/**
 * struct vici_el - one element, pointing into the message
 * @type: what it is
 * @name: the name of a SECTION_START, KEY_VALUE or LIST_START (not
 *	NUL-terminated, never containing a NUL, possibly empty); NULL for
 *	the others
 * @name_len: its length
 * @val: the value of a KEY_VALUE or LIST_ITEM; NULL for the others
 * @val_len: its length
 * @depth: the sections around the element: 0 at the top level; a
 *	SECTION_END has its SECTION_START's depth, a LIST_ITEM and a
 *	LIST_END their LIST_START's (a list is not a level)
 */
struct vici_el {
	enum vici_el_type type;
	const char *name;
	uint8_t name_len;
	const uint8_t *val;
	uint16_t val_len;
	int depth;
};

/* Begin iterating over the message of len bytes at msg. */
void vici_it_init(struct vici_it *it, const uint8_t *msg, size_t len);
/*
 * The next element: 1 with *e filled; 0 at the end of a well-formed
 * message; -1 if it is malformed (an element cut short, a section or
 * list ended that is not open, a LIST_ITEM outside a list or another
 * element inside one, sections deeper than VICI_MAX_DEPTH, an unknown
 * element type, a name with a NUL, the end while a section or list is
 * open), then -1 again on every call.
 */
int vici_next(struct vici_it *it, struct vici_el *e);
/* 0 if the whole message is well formed, -1 otherwise. */
int vici_msg_check(const uint8_t *msg, size_t len);

/*
 * Find the first top-level (depth 0) KEY_VALUE named key in a message:
 * true with *val and *vlen set (pointing into msg), false if there is
 * none or the message is malformed anywhere (it is checked whole). A
 * key inside a section is not at the top level.
 */
bool vici_find(const uint8_t *msg, size_t len, const char *key,
	       const uint8_t **val, uint16_t *vlen);
/*
 * Copy the top-level value of key into buf as a C string: false if it
 * is absent, has a NUL in it or does not fit with its NUL in size bytes.
 */
bool vici_str(const uint8_t *msg, size_t len, const char *key, char *buf,
	      size_t size);
/* The top-level value of key: 1 if "yes", 0 if "no", -1 otherwise. */
int vici_bool(const uint8_t *msg, size_t len, const char *key);
/*
 * The top-level value of key as an unsigned decimal: 0 with *out set,
 * -1 if it is absent, empty, has anything but digits or exceeds
 * UINT64_MAX.
 */
int vici_u64(const uint8_t *msg, size_t len, const char *key,
	     uint64_t *out);
/* Whether e has a name and it is exactly the C string name. */
bool vici_name_is(const struct vici_el *e, const char *name);

#endif /* IPMOB_VICI_H */
