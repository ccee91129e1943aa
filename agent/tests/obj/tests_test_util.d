tests/obj/tests_test_util.o: tests/test_util.c tests/t.h cli.h binding.h \
 ../uapi/linux/ipmob.h genl.h json.h util.h names.h
tests/t.h:
cli.h:
binding.h:
../uapi/linux/ipmob.h:
genl.h:
json.h:
util.h:
names.h:
