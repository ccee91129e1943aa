tests/obj/tests_test_genl.o: tests/test_genl.c tests/t.h cli.h binding.h \
 ../uapi/linux/ipmob.h genl.h json.h util.h
tests/t.h:
cli.h:
binding.h:
../uapi/linux/ipmob.h:
genl.h:
json.h:
util.h:
