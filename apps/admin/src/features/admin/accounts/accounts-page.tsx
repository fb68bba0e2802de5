// Placeholder: the accounts and API-key management page replaces this file.
export function AccountsPage() {
  return null;
}
