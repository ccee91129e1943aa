ipmobd.o: ipmobd.c binding.h ../uapi/linux/ipmob.h conf.h genl.h names.h \
 util.h view.h
binding.h:
../uapi/linux/ipmob.h:
conf.h:
genl.h:
names.h:
util.h:
view.h:
