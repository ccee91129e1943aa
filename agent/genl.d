genl.o: genl.c genl.h
genl.h:
