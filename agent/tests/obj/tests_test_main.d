tests/obj/tests_test_main.o: tests/test_main.c tests/t.h cli.h binding.h \
 ../uapi/linux/ipmob.h genl.h json.h util.h
tests/t.h:
cli.h:
binding.h:
../uapi/linux/ipmob.h:
genl.h:
json.h:
util.h:
