tests/obj/tests_test_output.o: tests/test_output.c tests/t.h cli.h \
 binding.h ../uapi/linux/ipmob.h genl.h json.h util.h
tests/t.h:
cli.h:
binding.h:
../uapi/linux/ipmob.h:
genl.h:
json.h:
util.h:
