/** Paths of the public site: no login, rendered outside the admin shell whatever the session is. */
export function isPublicPath(pathname: string): boolean {
  return pathname === '/public' || pathname.startsWith('/public/') || pathname.startsWith('/o/');
}
