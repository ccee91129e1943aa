tests/obj/tests_test_binding.o: tests/test_binding.c tests/t.h cli.h \
 binding.h ../uapi/linux/ipmob.h genl.h json.h util.h
tests/t.h:
cli.h:
binding.h:
../uapi/linux/ipmob.h:
genl.h:
json.h:
util.h:
