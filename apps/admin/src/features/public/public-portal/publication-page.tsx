// Placeholder: the publication configuration and sign-sheet page replaces this file.
export function PublicationPage() {
  return null;
}
