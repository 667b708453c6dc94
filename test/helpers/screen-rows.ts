/**
 * Reads the cassette table off a magneto-watch screen (README, Keys): line 0 is the status
 * line, line 1 the column headers, then one line per row until a blank line:
 * column 0 the selection mark `›`, column 1 the marker (`+ ~ - !`), the name from column 3.
 */
export interface ScreenRow {
  name: string;
  marker: string;
  selected: boolean;
  /** The rest of the line after the name (description, count, age). */
  rest: string;
}

export function screenRows(lines: string[]): ScreenRow[] {
  const rows: ScreenRow[] = [];
  for (const line of lines.slice(2)) {
    if (line.trim() === '') break;
    if (line.length < 4 || !/^[› ][ +~\-!] \S/.test(line)) break;
    const [name = '', ...rest] = line.slice(3).split(/ {2,}/);
    rows.push({
      name: name.replace(/…$/, ''),
      marker: line[1] ?? ' ',
      selected: line[0] === '›',
      rest: rest.join('  '),
    });
  }
  return rows;
}

export function rowNamed(lines: string[], name: string): ScreenRow | undefined {
  return screenRows(lines).find((r) => r.name === name);
}

/** The status line (first line). */
export function statusLine(lines: string[]): string {
  return lines[0] ?? '';
}
