binding.o: binding.c binding.h ../uapi/linux/ipmob.h names.h util.h
binding.h:
../uapi/linux/ipmob.h:
names.h:
util.h:
