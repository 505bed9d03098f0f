/**
 * Hand text to the user without any permission: a download through a Blob URL and an <a download>
 * link, or the clipboard (the popup's click is the user gesture the clipboard asks for).
 */
export function downloadText(text: string, fileName: string, type: string, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  doc.body.append(a);
  a.click();
  a.remove();
  // the browser reads the Blob asynchronously: revoking at once can cancel the download
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Copy text; the CSV's byte-order mark is for files only, so it is dropped here. */
export async function copyText(text: string): Promise<void> {
  await navigator.clipboard.writeText(text.replace(/^\ufeff/, ''));
}
