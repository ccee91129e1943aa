view.o: view.c view.h binding.h ../uapi/linux/ipmob.h
view.h:
binding.h:
../uapi/linux/ipmob.h:
