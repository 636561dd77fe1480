/* Shared by the fuzz targets: the libFuzzer entry point each target
 * defines, and the input as the text a parser is handed. */
#ifndef TPR_FUZZ_INPUT_H
#define TPR_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

/* Run one input through the target (libFuzzer's entry point; the corpus
 * driver calls it too). Always returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as the file reader hands it to a parser: NULL when it holds a
 * control byte (refused before any parsing, as tpr_text_file_read does),
 * else a malloc'd NUL-terminated copy that the caller frees. */
char *fuzz_file_text(const uint8_t *data, size_t size);

#endif
