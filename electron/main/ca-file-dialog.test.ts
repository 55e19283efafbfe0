import { describe, expect, it } from 'vitest';
import { caFileDialogOptions, chosenCaFile } from './ca-file-dialog.ts';

describe('CA file dialog', () => {
  it('asks for one certificate file', () => {
    const options = caFileDialogOptions();
    expect(options.properties).toContain('openFile');
    expect(options.properties).not.toContain('multiSelections');
    expect(options.filters?.[0]?.extensions).toEqual(['pem', 'crt', 'cer']);
  });

  it('maps the answer to a path or null', () => {
    expect(chosenCaFile({ canceled: false, filePaths: ['/etc/ca.pem'] })).toBe('/etc/ca.pem');
    expect(chosenCaFile({ canceled: true, filePaths: ['/etc/ca.pem'] })).toBeNull();
    expect(chosenCaFile({ canceled: false, filePaths: [] })).toBeNull();
  });
});
