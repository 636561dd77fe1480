/* The session database schema: a list of migrations, applied in order. The
 * database's PRAGMA user_version is the number of migrations applied, so a
 * newer tprd upgrades an older database and refuses a newer one. */
#ifndef TPR_STORE_SCHEMA_H
#define TPR_STORE_SCHEMA_H

/* Migration i (from 0) takes a database from version i to version i + 1. */
extern const char *const tpr_store_migrations[];

/* Number of migrations, which is the schema version tprd writes. */
extern const int tpr_store_schema_version;

#endif
