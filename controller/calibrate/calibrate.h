/* `tprd calibrate`: tare the tip, weigh a known weight, and store the
 * pressure calibration (cal_unit, cal_zero, cal_scale) in the system
 * config, keeping the rest of the file as it was. */
#ifndef TPR_CALIBRATE_H
#define TPR_CALIBRATE_H

/* Run the calibration dialogue on stdin/stdout; argv[0] is "calibrate".
 * Returns the exit status: 0 written, 1 refused, declined or device
 * error, 2 bad command line or config. */
int tpr_calibrate_main(int argc, char **argv);

#endif
