// Placeholder: the triage page for public reports replaces this file.
export function PublicReportsPage() {
  return null;
}
