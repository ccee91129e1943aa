cli.o: cli.c cli.h binding.h ../uapi/linux/ipmob.h genl.h json.h util.h
cli.h:
binding.h:
../uapi/linux/ipmob.h:
genl.h:
json.h:
util.h:
