// SPDX-License-Identifier: GPL-2.0
/* memscope feature test: file_user_path() (compat.h, ms_file_user_path()). */
#include <linux/fs.h>

const struct path *ms_test(const struct file *file);
const struct path *ms_test(const struct file *file)
{
	return file_user_path(file);
}
