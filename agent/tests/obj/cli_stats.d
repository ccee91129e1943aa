tests/obj/cli_stats.o: cli_stats.c cli.h binding.h ../uapi/linux/ipmob.h \
 genl.h json.h util.h names.h
cli.h:
binding.h:
../uapi/linux/ipmob.h:
genl.h:
json.h:
util.h:
names.h:
