/**
 * Whether a push subscription's endpoint may be called: `https`, on a host of the allowed list
 * (`host` — port 443 —, `host:port`, or `*.domain` for any subdomain). Ponte POSTs to every endpoint
 * it stores, so anything else (an internal address, another port, plain http) would let a signed-in
 * person make the server send requests where they like.
 */
export function isAllowedPushEndpoint(endpoint: string, allowedHosts: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  const port = url.port === '' ? '443' : url.port;
  return allowedHosts.some((allowed) => {
    const [pattern = '', allowedPort = '443'] = allowed.toLowerCase().split(':');
    if (allowedPort !== port) return false;
    if (pattern.startsWith('*.')) {
      const domain = pattern.slice(1);
      return host.endsWith(domain) && host.length > domain.length;
    }
    return host === pattern;
  });
}
