// The command-line options the bench runners share: `--name value` or `--name=value`, typed by the default's type.

/**
 * Reads the option at argv[i] into o (out, root, harness) or flags (a key of defaults).
 * Returns the index of the option's last word, or -1 when argv[i] is not such an option.
 */
export function option(argv, i, defaults, o, flags) {
  const a = argv[i];
  if (!a.startsWith('--')) return -1;
  const eq = a.indexOf('=');
  const k = eq > 0 ? a.slice(2, eq) : a.slice(2);
  if (!(k === 'out' || k === 'root' || k === 'harness' || k in defaults)) {
    throw new Error(`unknown option --${k} (try --help)`);
  }
  const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
  if (k in defaults) flags[k] = typeof defaults[k] === 'number' ? Number(v) : v;
  else o[k] = v;
  return i;
}
