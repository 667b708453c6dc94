const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/**
 * A size as every view shows it — the terminal's table and details, the web page, `list` and
 * `show`: `512 B`, `1.2 KiB`, `12 KiB`, `1.5 MiB`, at most 8 columns; `—` when unknown.
 */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === undefined || bytes === null || !Number.isFinite(bytes) || bytes < 0) return '—';
  let v = bytes;
  let unit = 0;
  while (v >= 1024 && unit < UNITS.length - 1) {
    v /= 1024;
    unit++;
  }
  if (unit === 0) return `${Math.floor(v)} B`;
  return `${v < 10 ? v.toFixed(1) : Math.floor(v)} ${UNITS[unit]}`;
}
