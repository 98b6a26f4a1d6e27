import { IxjobError } from '../failure/ixjob-error.ts';

/** The one message for an index past the end of a dimension or a spec. */
export function outsideItems(index: number, count: number, label: string): IxjobError {
  return new IxjobError(
    'data',
    `index ${index} is outside the ${count} item${count === 1 ? '' : 's'} of ${label}`,
    label,
  );
}
