tests/obj/tests_test_conf.o: tests/test_conf.c tests/t.h cli.h binding.h \
 ../uapi/linux/ipmob.h genl.h json.h util.h conf.h view.h
tests/t.h:
cli.h:
binding.h:
../uapi/linux/ipmob.h:
genl.h:
json.h:
util.h:
conf.h:
view.h:
