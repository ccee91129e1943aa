conf.o: conf.c conf.h util.h
conf.h:
util.h:
