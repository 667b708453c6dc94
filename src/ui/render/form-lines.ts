import { MODES } from '../../protocol/index.js';
import { fit, truncate } from './format.js';
import { formFields, formProblem } from '../state/selectors.js';
import type { CassetteSummary } from '../../protocol/index.js';
import type { FormState } from '../state/types.js';
import type { Theme } from './theme.js';

const LABEL = 14;

function field(label: string, value: string, focused: boolean, width: number, theme: Theme): string {
  const room = Math.max(4, width - LABEL - 6);
  const shown = truncate(value, room);
  const text = `${focused ? '›' : ' '} ${fit(label, LABEL)}[${shown}${focused ? '▏' : ''}]`;
  return focused ? theme.bold(text) : text;
}

function modeField(form: FormState, focused: boolean, theme: Theme): string {
  const choices = MODES.map((m) => (m === form.mode ? `‹${m}›` : ` ${m} `)).join(' ');
  const text = `${focused ? '›' : ' '} ${fit('Mode', LABEL)}${choices}`;
  return focused ? theme.bold(text) : text;
}

/** Lines of the create or edit form; the name and description are validated as they are typed. */
export function formLines(
  form: FormState,
  table: ReadonlyMap<string, CassetteSummary>,
  width: number,
  theme: Theme,
): string[] {
  const lines: string[] = [];
  const focus = formFields(form)[form.field];
  lines.push(
    theme.bold(
      form.kind === 'create' ? ' New cassette' : ` Edit cassette ${truncate(form.name, width - 16)}`,
    ),
  );
  lines.push('');
  const problem = formProblem(form, table);
  const indent = `  ${' '.repeat(LABEL)}`;
  if (form.kind === 'create') {
    const nameProblem = problem?.field === 'name' ? problem.message : undefined;
    lines.push(field('Name', form.name, focus === 'name', width, theme));
    lines.push(
      nameProblem !== undefined && form.name !== ''
        ? theme.red(`${indent}✕ ${nameProblem}`)
        : nameProblem !== undefined
          ? theme.dim(`${indent}${nameProblem}`)
          : theme.green(`${indent}✓`),
    );
  }
  lines.push(field('Description', form.description, focus === 'description', width, theme));
  if (problem?.field === 'description') lines.push(theme.red(`${indent}✕ ${problem.message}`));
  lines.push(modeField(form, focus === 'mode', theme));
  lines.push('');
  if (form.error !== undefined) lines.push(theme.red(` ✕ ${truncate(form.error, width - 4)}`));
  else if (form.submitting) lines.push(theme.dim(' saving…'));
  return lines;
}
