/* Shared by the protocol's decoders (not part of the public interface). */
#ifndef TPR_CTL_PROTOCOL_CHECK_H
#define TPR_CTL_PROTOCOL_CHECK_H

#include <stddef.h>

#include "json_flat.h"
#include "protocol.h"

/* Write the message into err and return -1. */
int tpr_ctl_refuse(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* 0 when o carries "v": TPR_CTL_VERSION, else -1 with the reason. */
int tpr_ctl_check_version(const tpr_json_object *o, char *err, size_t errlen);

/* Fill s from a parsed snapshot line; members it does not know are ignored. */
int tpr_ctl_snapshot_from_json(const tpr_json_object *o, tpr_ctl_snapshot *s, char *err,
                               size_t errlen);

#endif
