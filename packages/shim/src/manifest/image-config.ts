import { IxjobError, nodeFiles, type ReadCap } from '@ixjob/sdk/internal';
import * as z from 'zod';

/** An image config is a few KiB: its history and environment, nothing large. */
const IMAGE_CONFIG_CAP: ReadCap = {
  bytes: 1 << 20,
  what: 'an image config',
  hint: 'is this the image config?',
};

const words = z.array(z.string()).nullish();
const config = z.object({ Entrypoint: words, Cmd: words });
/** OCI image config (`crane config`, `skopeo inspect --config`) or `docker inspect`'s output. */
const imageConfig = z.union([
  z.object({ config }),
  z.object({ Config: config }),
  z.array(z.object({ Config: config })).min(1),
]);

const HOW =
  'give the command after --, or the image config: docker inspect IMAGE, crane config IMAGE or skopeo inspect --config docker://IMAGE, saved to a file for --image-config';

/**
 * The image's own command (its `Entrypoint` then its `Cmd`), so a Job built without a
 * command keeps whatever the image runs by default, as the seed asks.
 */
export function imageCommand(path: string | undefined): string[] {
  if (path === undefined)
    throw new IxjobError('usage', `no command given: ${HOW}`, '--image-config');
  const text = Buffer.from(nodeFiles.read(path, IMAGE_CONFIG_CAP)).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new IxjobError('data', `the image config is not JSON: ${(error as Error).message}`, path);
  }
  const result = imageConfig.safeParse(parsed);
  if (!result.success)
    throw new IxjobError('data', 'not an image config: no config.Entrypoint or config.Cmd', path);
  const value = result.data;
  const found = Array.isArray(value)
    ? value[0]?.Config
    : 'config' in value
      ? value.config
      : value.Config;
  const command = [...(found?.Entrypoint ?? []), ...(found?.Cmd ?? [])];
  if (command.length === 0)
    throw new IxjobError('data', `the image has neither an Entrypoint nor a Cmd: ${HOW}`, path);
  return command;
}
