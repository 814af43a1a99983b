/** Largest checks text, inline or in a file: a real checks file is a few kB. */
export const MAX_CHECKS_BYTES = 1024 * 1024;
/** Most checks in one smoke test: each is a request and a row of the job summary. */
export const MAX_CHECKS = 500;
/** Longest check name: it is a table row, a log line, an output item and part of a commit status. */
export const MAX_CHECK_NAME = 200;
