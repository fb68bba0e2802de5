// Placeholder: the base-data management page replaces this file.
export function BaseDataPage() {
  return null;
}
