/** The kernel's limit on one argument or one NAME=value string, its NUL included: 32 pages. */
export const MAX_ARG_STRLEN = 32 * 4096;
