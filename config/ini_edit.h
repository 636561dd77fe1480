/* Changing one value of an INI file the way a person would: every other
 * line, comment and blank line stays byte-for-byte as it was. Calibration
 * uses it to store cal_zero and cal_scale in the system config. */
#ifndef TPR_INI_EDIT_H
#define TPR_INI_EDIT_H

#include <stddef.h>

/* Set key in [section] of the file at path to value. The first
 * "key = value" line of the section keeps its indentation, spacing and any
 * inline "; comment"; a missing key is added after the section's last
 * setting, a missing section at the end of the file, a missing file is
 * created. The file is replaced atomically (temporary file, fsync, rename)
 * with its permissions kept. Returns 0, or -1 with a message in err (bad
 * section, key or value text, I/O error). */
int tpr_ini_set(const char *path, const char *section, const char *key, const char *value,
                char *err, size_t errlen);

#endif
