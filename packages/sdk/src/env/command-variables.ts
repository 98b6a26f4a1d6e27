/**
 * Variables that decide which program runs or what it loads. A work list is data: a CSV header
 * or JSON key named PATH or LD_PRELOAD would otherwise choose the command's code. Parameters
 * may set these only where the user names them (`--allow-param NAME`). The README lists them.
 */

/** Every variable starting with one of these: the dynamic loaders', bash's exported functions. */
export const COMMAND_VARIABLE_PREFIXES: readonly string[] = ['LD_', 'DYLD_', 'BASH_FUNC_'];

/** By name, grouped by what reads them. */
export const COMMAND_VARIABLES: readonly string[] = [
  // Which program a name runs.
  'PATH',
  // glibc's loader: code from iconv modules, tunables of the loader itself.
  'GCONV_PATH',
  'GLIBC_TUNABLES',
  // Shells: start-up files, options, word splitting, the trace prompt (run under set -x).
  'BASH_ENV',
  'ENV',
  'SHELLOPTS',
  'BASHOPTS',
  'IFS',
  'PS4',
  'ZDOTDIR',
  // Node.js.
  'NODE_OPTIONS',
  'NODE_PATH',
  // Python.
  'PYTHONPATH',
  'PYTHONHOME',
  'PYTHONSTARTUP',
  'PYTHONUSERBASE',
  'PYTHONPLATLIBDIR',
  'PYTHONINSPECT',
  'PYTHONWARNINGS',
  'PYTHONBREAKPOINT',
  'PYTHONEXECUTABLE',
  // Perl.
  'PERL5LIB',
  'PERLLIB',
  'PERL5OPT',
  'PERL5DB',
  // Ruby.
  'RUBYOPT',
  'RUBYLIB',
  // The JVM and the tools that find it.
  'JAVA_TOOL_OPTIONS',
  '_JAVA_OPTIONS',
  'JDK_JAVA_OPTIONS',
  'CLASSPATH',
  'JAVA_HOME',
  // Lua, PHP, R.
  'LUA_INIT',
  'LUA_PATH',
  'LUA_CPATH',
  'PHPRC',
  'PHP_INI_SCAN_DIR',
  'R_PROFILE',
  'R_PROFILE_USER',
  'R_ENVIRON',
  'R_ENVIRON_USER',
];

const BY_NAME = new Set(COMMAND_VARIABLES);

/** Whether `name` decides which program runs or what it loads. */
export function isCommandVariable(name: string): boolean {
  return BY_NAME.has(name) || COMMAND_VARIABLE_PREFIXES.some((prefix) => name.startsWith(prefix));
}
