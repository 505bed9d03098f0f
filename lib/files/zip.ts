/** What kind of container a file's first bytes say it is. */
export type Container = 'zip' | 'ole' | 'encrypted' | 'pdf' | 'empty' | 'other';

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Office files are zip archives (.docx, .xlsx); an encrypted Office file is an OLE compound file
 * holding an "EncryptionInfo" stream, and so are the old binary .doc / .xls.
 */
export function sniffContainer(bytes: Uint8Array): Container {
  if (!bytes.length) return 'empty';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05 || bytes[2] === 0x07)) return 'zip';
  if (OLE_MAGIC.every((b, i) => bytes[i] === b)) {
    const marker = new TextDecoder('utf-16le').decode(bytes.subarray(0, Math.min(bytes.length, 1 << 20)));
    return marker.includes('EncryptionInfo') || marker.includes('EncryptedPackage') ? 'encrypted' : 'ole';
  }
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (head.includes('%PDF-')) return 'pdf';
  return 'other';
}

/** One text entry of a zip archive (null when missing). */
export async function zipEntryText(bytes: Uint8Array, name: string): Promise<string | null> {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(bytes);
  const entry = zip.file(name);
  return entry ? entry.async('string') : null;
}
