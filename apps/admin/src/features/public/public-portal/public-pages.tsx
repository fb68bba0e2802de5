// Placeholder: the public-portal pages (published outfalls, one page per outfall, approvals) replace this file.
export function PublicOutfallsPage() {
  return null;
}
export function PublicOutfallPage() {
  return null;
}
export function PublicApprovalsPage() {
  return null;
}
