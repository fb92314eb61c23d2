/** Saves a blob through a temporary `<a download>` (UI.md §3.8: object URL, click, remove). */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoke later: some browsers start reading the URL only after the click handler returns.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

export async function downloadResponse(response: Response, filename: string): Promise<void> {
  downloadBlob(await response.blob(), filename);
}
