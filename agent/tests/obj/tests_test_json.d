tests/obj/tests_test_json.o: tests/test_json.c tests/t.h cli.h binding.h \
 ../uapi/linux/ipmob.h genl.h json.h util.h
tests/t.h:
cli.h:
binding.h:
../uapi/linux/ipmob.h:
genl.h:
json.h:
util.h:
