/* SPDX-License-Identifier: GPL-2.0 */
/* memsim: subcommand entry points. */
#ifndef MEMSIM_CLI_H
#define MEMSIM_CLI_H

int cmd_buddy(int argc, char **argv);
int cmd_frag(int argc, char **argv);
int cmd_slab(int argc, char **argv);
int cmd_pgtable(int argc, char **argv);
int cmd_vma(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_bench(int argc, char **argv);

#endif
