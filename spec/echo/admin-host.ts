// Which Host an admin endpoint (the echo's forwarder, the local mesh's control listener)
// answers: a loopback name only, so a DNS-rebound name from a web page is refused. The echo's
// guard checks the Host header with it; the profile's checks refuse a forwarder or restart URL
// that would be refused at the first request.

/** 127.0.0.1, localhost or [::1], with or without a port: the names the harness dials. */
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;

export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && LOOPBACK_HOST.test(host);
}
