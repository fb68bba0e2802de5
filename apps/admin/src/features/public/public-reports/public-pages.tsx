// Placeholder: the public report intake and tracking pages replace this file.
export function PublicReportFormPage() {
  return null;
}
export function PublicReportTrackPage() {
  return null;
}
