import ipaddr from 'ipaddr.js';

/** A list of networks from a setting: `10.0.0.0/8, 127.0.0.1, fd00::/8` (a bare address is its own /32 or /128). */
export type Networks = readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];

export function parseNetworks(list: string): [ipaddr.IPv4 | ipaddr.IPv6, number][] {
  return list
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      if (item.includes('/')) return ipaddr.parseCIDR(item);
      const address = ipaddr.parse(item);
      return [address, address.kind() === 'ipv4' ? 32 : 128];
    });
}

export function isValidNetworkList(list: string): boolean {
  try {
    parseNetworks(list);
    return true;
  } catch {
    return false;
  }
}

/** The address in its plain form: IPv4-mapped IPv6 (`::ffff:10.0.0.1`, as Node reports sockets) becomes IPv4. */
export function normalizeAddress(address: string): string | null {
  const bare = address.trim().replace(/^\[|\]$/g, '');
  return ipaddr.isValid(bare) ? ipaddr.process(bare).toString() : null;
}

export function inNetworks(address: string, networks: Networks): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return networks.some(([network, bits]) => network.kind() === parsed.kind() && parsed.match(network, bits));
}

/**
 * Only `unicast` (ipaddr.js's name for "none of the special ranges") is public: loopback, RFC 1918, link-local
 * (169.254.169.254, the metadata service), CGNAT, unique-local IPv6, 0.0.0.0, multicast, NAT64 and 6to4 all
 * have their own range names. IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is judged as the IPv4 address it maps.
 */
export function isPublicAddress(address: string): boolean {
  return ipaddr.isValid(address) && ipaddr.process(address).range() === 'unicast';
}
