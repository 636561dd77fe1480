#include "protocol_check.h"

#include <stdarg.h>
#include <stdio.h>

int tpr_ctl_refuse(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

int tpr_ctl_check_version(const tpr_json_object *o, char *err, size_t errlen)
{
    const tpr_json_member *v = tpr_json_get(o, "v");
    if (!v)
        return tpr_ctl_refuse(err, errlen, "\"v\" (the protocol version, %d) missing",
                              TPR_CTL_VERSION);
    if (v->type != TPR_JSON_NUMBER || v->num != TPR_CTL_VERSION)
        return tpr_ctl_refuse(err, errlen, "protocol version not supported: \"v\" must be %d",
                              TPR_CTL_VERSION);
    return 0;
}
