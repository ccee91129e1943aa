# SPDX-License-Identifier: GPL-2.0
#
# ipmob top-level Makefile.
#
#   make                 ipmob.ko against KDIR, plus agent/ipmobd and agent/ipmob
#   make check           unit tests, then the VM tests on every kernel in KVERS
#   make check KVERS=6.1 one kernel only; TESTS="tunnel ro" picks tests
#   make bench           side-by-side benchmarks in the VM
#   make demo            the narrated demonstration in the VM
#   make vm-shell        an interactive guest (KVERS picks the kernel)
#   make C=2             sparse over the module (also: make sparse)
#   make fuzz            every libFuzzer target 1,000,000 times (make check
#                        runs it), with a table of executions and coverage;
#                        FUZZ_RUNS=N or FUZZ_SECONDS=N instead, FUZZ_TARGETS
#                        to pick some
#   make stress          the long runs, within 45 minutes: the VM tests
#                        with their floods at full size and the
#                        stress_*.sh tests long (IPMOB_STRESS=long:
#                        hostile packet storm, link flapping, 1M binding
#                        adds/deletes, netns deletion and rmmod under
#                        traffic, kill -9 of the daemons under load; make
#                        check runs them short), with every fuzzer for
#                        150 s meanwhile (STRESS_FUZZ_SECONDS, STRESS_RUNS)

KVERS ?= 6.1 6.12
TESTS ?=
VM := tools/testing/vm

# Default KDIR: the running kernel's build tree if it has one, else the
# newest installed Debian 6.1 headers.
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	  $(lastword $(sort $(wildcard /usr/src/linux-headers-6.1.*-amd64))))

.PHONY: all module agent check unit vmtest bench demo vm-shell sparse \
	install install-agent clean deps dkms-check fuzz stress

all: module agent

module:
	@test -n "$(KDIR)" || { echo "no kernel headers: run tools/testing/install-deps.sh or set KDIR"; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 $(if $(C),C=$(C)) modules

agent:
	$(MAKE) -C agent

sparse:
	$(MAKE) module C=2

deps:
	tools/testing/install-deps.sh

unit: agent
	$(MAKE) -C agent test

fuzz: deps
	$(MAKE) -C agent fuzz-run

# The long runs, outside make check (tools/testing/stress.sh): the VM
# tests of STRESS_TESTS long (IPMOB_STRESS=long, the floods at full
# size) on each kernel, and meanwhile every fuzzer for
# STRESS_FUZZ_SECONDS (default 150) seconds or STRESS_RUNS times. Their
# short forms are in make check.
STRESS_TESTS := cn_cap ha_flood stress_storm stress_flap stress_churn \
	stress_teardown stress_kill
stress: deps agent
	tools/testing/stress.sh --series "$(KVERS)" $(STRESS_TESTS)

check: deps
	tools/testing/check.sh --series "$(KVERS)" $(TESTS)

vmtest: deps agent
	$(VM)/run-tests.sh --series "$(KVERS)" $(TESTS)

bench: deps agent
	tools/testing/bench/run.sh --series "$(KVERS)"

demo: deps agent
	tools/testing/demo.sh --series "$(firstword $(KVERS))"

vm-shell: deps agent
	$(VM)/run-vm.sh --krel $$($(VM)/kversions.sh $(firstword $(KVERS))) --shell

dkms-check: deps
	tools/testing/dkms-check.sh $(KVERS)

install: install-agent

install-agent: agent
	$(MAKE) -C agent install

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null
	-$(MAKE) -C agent clean
	rm -rf build
