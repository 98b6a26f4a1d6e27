import {
  completionIndex,
  type EXIT_CODES,
  type FailureKind,
  type FindIndexInput,
  findIndex,
  type IndexInfo,
  type IxjobError,
} from '@ixjob/sdk/internal';
import { describe, expectTypeOf, test } from 'vitest';

describe('the SDK’s public types', () => {
  test('IndexInfo says what may be unknown', () => {
    expectTypeOf<IndexInfo>().toEqualTypeOf<{
      index: number;
      count: number | null;
      source: string;
      attempt: number | null;
    }>();
    expectTypeOf(findIndex).returns.toEqualTypeOf<IndexInfo>();
    expectTypeOf(completionIndex).returns.toEqualTypeOf<IndexInfo>();
  });

  test('findIndex is handed its I/O', () => {
    expectTypeOf<FindIndexInput>().toHaveProperty('env');
    expectTypeOf<FindIndexInput>().toHaveProperty('files');
  });

  test('failures are typed by kind, and every kind has an exit code', () => {
    expectTypeOf<IxjobError['kind']>().toEqualTypeOf<FailureKind>();
    expectTypeOf<keyof typeof EXIT_CODES>().toEqualTypeOf<FailureKind>();
  });
});
