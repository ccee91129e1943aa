tests/obj/tests_test_batch.o: tests/test_batch.c tests/t.h cli.h \
 binding.h ../uapi/linux/ipmob.h genl.h json.h util.h
tests/t.h:
cli.h:
binding.h:
../uapi/linux/ipmob.h:
genl.h:
json.h:
util.h:
