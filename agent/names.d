names.o: names.c ../uapi/linux/ipmob.h names.h util.h stat_names.h
../uapi/linux/ipmob.h:
names.h:
util.h:
stat_names.h:
