/* Daemon log lines on stderr: "tprd: warning: ..." on a terminal; under
 * systemd (JOURNAL_STREAM names stderr) with the journal's priority prefix
 * instead ("<4>warning: ..."). Control bytes in a line are written as \xNN.
 * Not for the control loop's tick path. */
#ifndef TPR_LOG_H
#define TPR_LOG_H

typedef enum tpr_log_level { TPR_LOG_ERROR, TPR_LOG_WARN, TPR_LOG_INFO } tpr_log_level;

void tpr_log(tpr_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
