import type { OpenDialogOptions, OpenDialogReturnValue } from 'electron';

/** The native picker for a server's CA certificate: one PEM/DER certificate file. */
export function caFileDialogOptions(): OpenDialogOptions {
  return {
    title: 'Choose the CA certificate of this Central Command server',
    properties: ['openFile', 'dontAddToRecent'],
    filters: [
      { name: 'Certificates', extensions: ['pem', 'crt', 'cer'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
}

export function chosenCaFile(result: Pick<OpenDialogReturnValue, 'canceled' | 'filePaths'>): string | null {
  if (result.canceled) return null;
  return result.filePaths[0] ?? null;
}
