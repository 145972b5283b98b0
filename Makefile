# SPDX-License-Identifier: GPL-2.0
#
# memscope: `make` builds the module and the tools; `make demo` runs the
# guided report in a test VM; `make check` runs every test. `make help`.

KDIR ?= $(shell if [ -d /lib/modules/$$(uname -r)/build ]; then \
		echo /lib/modules/$$(uname -r)/build; \
	elif [ -f $(CACHE)/kernel-6.12 ]; then \
		echo $(CACHE)/root/usr/src/linux-headers-$$(cat $(CACHE)/kernel-6.12); \
	fi)
CACHE ?= $(or $(MEMSCOPE_CACHE),$(HOME)/.cache/memscope)
BUILD := $(CURDIR)/build
SERIES ?= 6.1 6.12
# The kernel matrix: the base kernels, Debian's PREEMPT_RT builds of them
# and memscope's debug builds (tools/vm/build-debug-kernel.sh). `make check`
# runs the base kernels until the whole matrix is proven to fit its time
# budget cold (Documentation/testing.rst, "The kernel matrix");
# `make check-matrix` runs all of it.
MATRIX := $(SERIES) $(addsuffix -rt,$(SERIES)) $(addsuffix -debug,$(SERIES))
KERNELS ?= $(SERIES)
KERNEL ?= 6.12

# Userspace: C11, warnings are errors.
export CFLAGS_TOOLS := -std=c11 -O2 -Wall -Wextra -Werror

all: module tools

help:
	@echo "make                build memscope.ko (KDIR=$(KDIR)) and the tools"
	@echo "make module         build module/memscope.ko against KDIR"
	@echo "make tools          build the userspace tools"
	@echo "make setup          install packages, fetch kernels (cached)"
	@echo "make modules-all    build memscope.ko for every cached kernel of KERNELS"
	@echo "make setup-matrix   also fetch the RT kernels, build the debug ones"
	@echo "make modules-badlayout  test builds with a wrong SLUB mirror"
	@echo "make demo           the guided report in a test VM"
	@echo "make check          all tests: host, lint, VM on every kernel of KERNELS (6.1 6.12)"
	@echo "make check-matrix   the same on 6.1, 6.12, their -rt and -debug kernels"
	@echo "make check-fresh    make demo + make check in a fresh bookworm root (root)"
	@echo "make bench          benchmarks as side-by-side ratios"
	@echo "make stress         the long hardening profile on every kernel"
	@echo "make vm [KERNEL=6.1] [CMD='...']  run a command (or the suite)"
	@echo "make shell [KERNEL=6.1]            interactive guest shell"
	@echo "make load / unload  insmod / rmmod on this host (root)"
	@echo "make clean"

# The running kernel's headers if there are any, else the cached 6.12 ones.
module:
	@if [ -z "$(KDIR)" ]; then $(MAKE) -s setup SERIES=6.12; fi
	$(MAKE) -C $(or $(KDIR),$(CACHE)/root/usr/src/linux-headers-$$(cat $(CACHE)/kernel-6.12)) \
		M=$(CURDIR) modules

modules_install:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install

# module-for REL=<release> [EXTRA="W=1"] [VARIANT=name]: an out-of-tree
# copy per kernel (build/<release>[-name]), so builds for two kernels or
# two variants never share object files.
MODOUT = $(BUILD)/$(REL)$(if $(VARIANT),-$(VARIANT))
module-for:
	@test -n "$(REL)" || { echo "module-for: REL= required" >&2; exit 2; }
	@mkdir -p $(MODOUT)
	@rm -rf $(MODOUT)/module && cp -r Kbuild module $(MODOUT)/
	$(MAKE) -C $(CACHE)/root/usr/src/linux-headers-$(REL) \
		M=$(MODOUT) $(EXTRA) modules
	@$(MAKE) -s sign-for REL=$(REL) VARIANT=$(VARIANT)

# sign-for REL=<release>: a tree that holds its own signing key (memscope's
# debug kernels) signs the module, so a boot with lockdown=integrity loads
# it; memscope-unsigned.ko is kept for the test that lockdown refuses it.
KTREE = $(CACHE)/root/usr/src/linux-headers-$(REL)
sign-for:
	@if [ -f $(KTREE)/certs/signing_key.pem ] && \
	    grep -qx CONFIG_MODULE_SIG=y $(KTREE)/.config; then \
		cp $(MODOUT)/module/memscope.ko $(MODOUT)/module/memscope-unsigned.ko && \
		$(KTREE)/scripts/sign-file sha256 $(KTREE)/certs/signing_key.pem \
			$(KTREE)/certs/signing_key.x509 $(MODOUT)/module/memscope.ko; \
	fi

# Test-only builds whose SLUB layout mirror is wrong on purpose
# (module/slab_layout.h): build/<release>-badlayoutN for N = 1 2 3.
modules-badlayout: setup
	@for s in $(SERIES); do for v in 1 2 3; do \
		$(MAKE) -s module-for REL=$$(cat $(CACHE)/kernel-$$s) \
			VARIANT=badlayout$$v \
			EXTRA="KCFLAGS=-DMEMSCOPE_TEST_BAD_SLAB_LAYOUT=$$v" || exit 1; \
	done; done

# The base kernels always (setup fetches them); the RT and debug kernels
# of the matrix when they are cached (make setup-matrix, check-matrix).
modules-all: setup
	@for s in $(MATRIX); do \
		case " $(SERIES) " in *" $$s "*) ;; *) \
			test -f $(CACHE)/kernel-$$s || continue; \
			test -f $(CACHE)/kernels/$$(cat $(CACHE)/kernel-$$s)/.complete || \
				continue ;; esac; \
		$(MAKE) -s module-for REL=$$(cat $(CACHE)/kernel-$$s) || exit 1; \
	done

tools:
	$(MAKE) -C tools/memscope
	$(MAKE) -C tools/memsim

# Guest binaries: static tests, benchmarks and the client (busybox guest).
selftests: setup
	$(MAKE) -C selftests OUT=$(BUILD)/selftests CACHE=$(CACHE)
	$(MAKE) -C tools/memscope memscope.static
	@cp tools/memscope/memscope.static $(BUILD)/selftests/memscope
	$(MAKE) -C tools/memsim memsim.static
	@cp tools/memsim/memsim.static $(BUILD)/selftests/memsim
	$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -static \
		-o $(BUILD)/selftests/tourproc tools/demo/tourproc.c

setup:
	@MEMSCOPE_CACHE=$(CACHE) MEMSCOPE_SERIES="$(SERIES)" tools/vm/setup.sh

# Every kernel of KERNELS: the debug builds take tens of minutes once.
setup-matrix:
	@MEMSCOPE_CACHE=$(CACHE) MEMSCOPE_SERIES="$(MATRIX)" tools/vm/setup.sh

check:
	@MEMSCOPE_CACHE=$(CACHE) MEMSCOPE_SERIES="$(SERIES)" \
		MEMSCOPE_KERNELS="$(KERNELS)" tools/check.sh

check-matrix:
	@$(MAKE) -s check KERNELS="$(MATRIX)"

# The README's two commands on a fresh debootstrapped bookworm root, cold
# (its own empty kernel cache); tests the committed HEAD. Root only.
check-fresh:
	@tools/check-fresh.sh

# The long hardening profile on every kernel (make check runs the short one).
stress: modules-all selftests
	@MEMSCOPE_CACHE=$(CACHE) MEMSCOPE_SERIES="$(SERIES)" tools/stress.sh

bench: modules-all selftests tools
	@MEMSCOPE_CACHE=$(CACHE) MEMSCOPE_SERIES="$(SERIES)" tools/bench.sh

demo: modules-all selftests tools
	@MEMSCOPE_CACHE=$(CACHE) tools/demo.sh $(KERNEL)

# CMD reaches the guest's sh whole (from the environment, so no quoting
# of make's or the host shell's gets in the way): CMD='a; b' runs both there.
vm: modules-all selftests
	tools/vm/run-vm -k $(KERNEL) $(if $(CMD),-- sh -c "$$CMD")

shell: modules-all selftests
	tools/vm/run-vm -k $(KERNEL) --shell

load:
	insmod module/memscope.ko

unload:
	rmmod memscope

clean:
	rm -rf $(BUILD)
	@if [ -n "$(KDIR)" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	$(MAKE) -C tools/memscope clean
	$(MAKE) -C tools/memsim clean

.PHONY: all help module modules_install module-for sign-for modules-all \
	modules-badlayout tools \
	selftests setup setup-matrix check check-matrix check-fresh stress bench demo vm shell load unload clean
