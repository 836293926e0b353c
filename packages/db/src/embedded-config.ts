/**
 * postgresql.conf for the embedded database. The default shared_buffers (128MB) keeps the process
 * at 330–470 MB RSS when idle; 16MB brings it to about 200 MB.
 */
export const EMBEDDED_POSTGRES_CONF = 'shared_buffers=16MB';

/** PGlite is one backend session and runs one statement at a time: more connections only queue. */
export const EMBEDDED_POOL_SIZE = 4;
