import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The shim as npm links it, run by the pinned Node. */
export const IXJOB = `${ROOT}node_modules/.bin/ixjob`;
/** The portable bundle's launcher, as `npm run build:binary` writes it. */
export const BINARY = `${ROOT}dist/ixjob/bin/ixjob`;
export const NODE = `${ROOT}node_modules/.bin/node`;
