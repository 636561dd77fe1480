/* Daemon log lines on stderr ("tprd: warning: ..."); journald keeps them
 * when tprd runs as a service. Not for the control loop's tick path. */
#ifndef TPR_LOG_H
#define TPR_LOG_H

typedef enum tpr_log_level { TPR_LOG_ERROR, TPR_LOG_WARN, TPR_LOG_INFO } tpr_log_level;

void tpr_log(tpr_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
