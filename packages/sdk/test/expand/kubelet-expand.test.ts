import { expandKubelet } from '@ixjob/sdk/internal';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

const vars: Record<string, string> = {
  VAR_A: 'A',
  VAR_B: 'B',
  VAR_C: 'C',
  VAR_REF: '$(VAR_A)',
  VAR_EMPTY: '',
};
const lookup = (name: string) => (Object.hasOwn(vars, name) ? vars[name] : undefined);

describe('expandKubelet: the kubelet expansion cases', () => {
  // The cases Kubernetes' own expansion tests hold, with the results they require.
  test.each([
    ['whole string', '$(VAR_A)', 'A'],
    ['repeat', '$(VAR_A)-$(VAR_A)', 'A-A'],
    ['beginning', '$(VAR_A)-1', 'A-1'],
    ['middle', '___$(VAR_B)___', '___B___'],
    ['end', '___$(VAR_C)', '___C'],
    ['compound', '$(VAR_A)_$(VAR_B)_$(VAR_C)', 'A_B_C'],
    ['escape & expand', '$$(VAR_B)_$(VAR_A)', '$(VAR_B)_A'],
    ['compound escape', '$$(VAR_A)_$$(VAR_B)', '$(VAR_A)_$(VAR_B)'],
    ['mixed in escapes', 'f000-$$VAR_A', 'f000-$VAR_A'],
    ['backslash escape ignored', 'foo\\$(VAR_C)bar', 'foo\\Cbar'],
    ['backslash escape ignored twice', 'foo\\\\$(VAR_C)bar', 'foo\\\\Cbar'],
    ['lots of backslashes', 'foo\\\\\\\\$(VAR_A)bar', 'foo\\\\\\\\Abar'],
    ['nested var references', '$(VAR_A$(VAR_B))', '$(VAR_A$(VAR_B))'],
    ['nested var references second type', '$(VAR_A$(VAR_B)', '$(VAR_A$(VAR_B)'],
    ['value is a reference', '$(VAR_REF)', '$(VAR_A)'],
    ['value is a reference x 2', '%%$(VAR_REF)--$(VAR_REF)%%', '%%$(VAR_A)--$(VAR_A)%%'],
    ['empty var', 'foo$(VAR_EMPTY)bar', 'foobar'],
    ['unterminated expression', 'foo$(VAR_Awhoops!', 'foo$(VAR_Awhoops!'],
    ['expression without operator', 'f00__(VAR_A)__', 'f00__(VAR_A)__'],
    ['shell special vars pass through', '$?_boo_$!', '$?_boo_$!'],
    ['bare operators are ignored', '$VAR_A', '$VAR_A'],
    ['undefined vars are passed through', '$(VAR_DNE)', '$(VAR_DNE)'],
    ['multiple (even) operators, var undefined', '$$$$$$(BIG_MONEY)', '$$$(BIG_MONEY)'],
    ['multiple (even) operators, var defined', '$$$$$$(VAR_A)', '$$$(VAR_A)'],
    ['multiple (odd) operators, var undefined', '$$$$$$$(GOOD_ODDS)', '$$$$(GOOD_ODDS)'],
    ['multiple (odd) operators, var defined', '$$$$$$$(VAR_A)', '$$$A'],
    ['missing open expression', '$VAR_A)', '$VAR_A)'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax is the point of the case
    ['shell syntax ignored', '${VAR_A}', '${VAR_A}'],
    ['trailing incomplete expression not consumed', '$(VAR_B)_______$(A', 'B_______$(A'],
    [
      'trailing incomplete expression, no content, is not consumed',
      '$(VAR_C)_______$(',
      'C_______$(',
    ],
    ['operator at end of input string is preserved', '$(VAR_A)foobarzab$', 'Afoobarzab$'],
    ['shell escaped incomplete expr', 'foo-\\$(VAR_A', 'foo-\\$(VAR_A'],
    ['lots of $( in middle', '--$($($($($--', '--$($($($($--'],
    ['lots of $( in beginning', '$($($($($--foo$(', '$($($($($--foo$('],
    ['lots of $( at end', 'foo0--$($($($(', 'foo0--$($($($('],
    ['escaped operators in variable names are not escaped', '$(foo$$var)', '$(foo$$var)'],
    ['newline not expanded', '\n', '\n'],
    // ixjob's own additions.
    ['empty name is undefined', '$()', '$()'],
    [
      'Object properties are not variables',
      '$(constructor)$(__proto__)',
      '$(constructor)$(__proto__)',
    ],
    ['non-ASCII after a lone $ is kept whole', '$é$日', '$é$日'],
    ['a lone $ at the start', '$', '$'],
  ])('%s', (_name, input, expected) => {
    expect(expandKubelet(input, lookup)).toBe(expected);
  });
});

describe('expandKubelet: properties', () => {
  const noDollar = fc.string().filter((s) => !s.includes('$'));
  const anyValue = fc.string({ unit: 'binary' });

  test('text without $ is unchanged', () => {
    fc.assert(fc.property(noDollar, (text) => expandKubelet(text, () => 'x') === text));
  });

  test('a defined reference becomes its value, byte for byte, never expanded again', () => {
    fc.assert(
      fc.property(noDollar, anyValue, noDollar, (before, value, after) => {
        const input = `${before}$(V)${after}`;
        return (
          expandKubelet(input, (name) => (name === 'V' ? value : undefined)) ===
          `${before}${value}${after}`
        );
      }),
    );
  });

  test('$$(NAME) is always the literal $(NAME)', () => {
    const name = fc.stringMatching(/^[A-Z_]{1,8}$/);
    fc.assert(
      fc.property(
        name,
        anyValue,
        (n, value) => expandKubelet(`$$(${n})`, () => value) === `$(${n})`,
      ),
    );
  });

  test('with nothing defined, only $$ pairs change', () => {
    fc.assert(
      fc.property(
        fc.string(),
        (text) => expandKubelet(text, () => undefined) === text.replace(/\$\$/g, '$'),
      ),
    );
  });
});
