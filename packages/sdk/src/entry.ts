// What Node loads for `@ixjob/sdk` (`exports` default): the Node check is evaluated before
// every other module. The shim and the tests take `src/index.ts` and check Node themselves.
import './runtime/require-node.ts';

export * from './index.ts';
