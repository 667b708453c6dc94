import { describe, expect, it } from 'vitest';
import { externalPrograms } from '../../src/cli/external-programs.js';

describe('the editor and the pager the UI runs', () => {
  it('takes $VISUAL before $EDITOR, and $PAGER', () => {
    expect(externalPrograms({ VISUAL: 'code --wait', EDITOR: 'vi', PAGER: 'less -R' })).toEqual({
      editor: 'code --wait',
      pager: 'less -R',
    });
    expect(externalPrograms({ EDITOR: 'nano' })).toEqual({ editor: 'nano' });
  });

  it('treats an empty or blank variable as unset, as git does', () => {
    expect(externalPrograms({ VISUAL: '', EDITOR: 'nano', PAGER: ' ' })).toEqual({ editor: 'nano' });
  });

  it('leaves what is unset to the UI defaults (vi, less)', () => {
    expect(externalPrograms({})).toEqual({});
  });
});
