/* Writing replay output rows: fixed-point numbers formatted by hand, since
 * printf per field would be the slowest part of a replay. */
#ifndef TPR_ROW_FORMAT_H
#define TPR_ROW_FORMAT_H

#include <stdint.h>

#include "tpr_types.h"

/* Room a caller must leave for one formatted row (see tpr_format_row). */
#define TPR_ROW_MAX 512

/* Write scaled / 10^decimals with exactly `decimals` digits after the point
 * (none and no point for 0); decimals <= 3. Returns the end of the text. */
char *tpr_format_fixed(char *p, int64_t scaled, unsigned decimals);

/* Write v with two decimals, the same text as printf("%.2f"); nothing for
 * NaN. At most 48 bytes. Returns the end of the text. */
char *tpr_format_float2(char *p, float v);

/* Write the time t_us in milliseconds: an integer when whole, else with
 * three decimals. At most 24 bytes. Returns the end of the text. */
char *tpr_format_ms(char *p, int64_t t_us);

/* Write one output row (with its line break) for a sample at t_us whose raw
 * pressure is raw_kpa (empty when !raw_ok) and the core's output o. p must
 * have TPR_ROW_MAX bytes of room. Returns the end of the row. */
char *tpr_format_row(char *p, int64_t t_us, float raw_kpa, bool raw_ok, const tpr_output *o);

/* The output's header line, with its line break. */
extern const char tpr_replay_header[];

#endif
