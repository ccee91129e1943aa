# SPDX-License-Identifier: GPL-2.0
# Generate the counter name table of names.c from enum ipmob_stat in
# linux/ipmob.h: one designated initializer per counter,
#   [IPMOB_STAT_DROP_LOOP] = "drop_loop",
# skipping IPMOB_STAT_UNSPEC and the __IPMOB_STAT_MAX/IPMOB_STAT_MAX
# bookkeeping members.
/^enum ipmob_stat[ \t]*\{/ { inside = 1; next }
inside && /^\}/ { inside = 0; next }
inside && match($0, /^[ \t]*IPMOB_STAT_[A-Z0-9_]+/) {
	sym = substr($0, RSTART, RLENGTH)
	gsub(/[ \t]/, "", sym)
	if (sym == "IPMOB_STAT_UNSPEC" || sym == "IPMOB_STAT_MAX")
		next
	name = tolower(substr(sym, length("IPMOB_STAT_") + 1))
	printf "\t[%s] = \"%s\",\n", sym, name
	n++
}
END {
	if (n == 0) {
		print "gen-stat-names.awk: no enum ipmob_stat found" > "/dev/stderr"
		exit 1
	}
}
