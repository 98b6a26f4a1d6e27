/**
 * `{ key: value }`, or `{}` when the value is undefined: how the job model's views leave out a
 * field under `exactOptionalPropertyTypes`, where an explicit `undefined` is not allowed.
 */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
