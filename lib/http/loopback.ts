// Whether a URL points at this machine only. The dev command and `logto:doctor` use it under tsx,
// so no `import 'server-only'` here (that marker throws outside a React Server bundle).

const LOOPBACK_HOSTNAME = /^(?:localhost|.+\.localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** True for localhost, *.localhost, 127.x.x.x and [::1]: a cloud service cannot open these. */
export function isLoopbackUrl(url: string | URL): boolean {
  const hostname = url instanceof URL ? url.hostname : URL.canParse(url) ? new URL(url).hostname : undefined;
  return hostname !== undefined && LOOPBACK_HOSTNAME.test(hostname);
}
