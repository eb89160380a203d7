/**
 * Which IP addresses a fetch may connect to. The refused ranges are data (one list per family);
 * IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that address.
 */
import { BlockList, isIP } from 'node:net';

export type AddressKind = 'loopback' | 'private' | 'link-local' | 'cgnat' | 'multicast' | 'metadata' | 'reserved';

interface Range {
  cidr: string;
  kind: AddressKind;
}

// Most specific first: the first range that holds an address names its kind in errors.
const IPV4_RANGES: readonly Range[] = [
  { cidr: '169.254.169.254/32', kind: 'metadata' }, // AWS, GCP, Azure, DigitalOcean, OpenStack
  { cidr: '100.100.100.200/32', kind: 'metadata' }, // Alibaba Cloud
  { cidr: '192.0.0.192/32', kind: 'metadata' }, // Oracle Cloud
  { cidr: '0.0.0.0/8', kind: 'reserved' }, // "this network"; 0.0.0.0 reaches the local host on Linux
  { cidr: '10.0.0.0/8', kind: 'private' },
  { cidr: '100.64.0.0/10', kind: 'cgnat' },
  { cidr: '127.0.0.0/8', kind: 'loopback' },
  { cidr: '169.254.0.0/16', kind: 'link-local' },
  { cidr: '172.16.0.0/12', kind: 'private' },
  { cidr: '192.0.0.0/24', kind: 'reserved' }, // IETF protocol assignments
  { cidr: '192.0.2.0/24', kind: 'reserved' }, // documentation
  { cidr: '192.88.99.0/24', kind: 'reserved' }, // 6to4 relay anycast
  { cidr: '192.168.0.0/16', kind: 'private' },
  { cidr: '198.18.0.0/15', kind: 'reserved' }, // benchmarking
  { cidr: '198.51.100.0/24', kind: 'reserved' }, // documentation
  { cidr: '203.0.113.0/24', kind: 'reserved' }, // documentation
  { cidr: '224.0.0.0/4', kind: 'multicast' },
  { cidr: '240.0.0.0/4', kind: 'reserved' }, // includes 255.255.255.255 broadcast
];

const IPV6_RANGES: readonly Range[] = [
  { cidr: 'fd00:ec2::254/128', kind: 'metadata' }, // AWS IMDS over IPv6
  { cidr: '::/128', kind: 'reserved' }, // unspecified
  { cidr: '::1/128', kind: 'loopback' },
  { cidr: '100::/64', kind: 'reserved' }, // discard
  { cidr: '2001::/32', kind: 'reserved' }, // Teredo tunnels reach arbitrary IPv4 hosts
  { cidr: '2001:db8::/32', kind: 'reserved' }, // documentation
  { cidr: 'fc00::/7', kind: 'private' }, // unique local
  { cidr: 'fe80::/10', kind: 'link-local' },
  { cidr: 'fec0::/10', kind: 'private' }, // deprecated site-local
  { cidr: 'ff00::/8', kind: 'multicast' },
];

interface Matcher {
  kind: AddressKind;
  list: BlockList;
}

function matchers(ranges: readonly Range[], family: 'ipv4' | 'ipv6'): Matcher[] {
  return ranges.map(({ cidr, kind }) => {
    const [network, prefix] = cidr.split('/') as [string, string];
    const list = new BlockList();
    list.addSubnet(network, Number(prefix), family);
    return { kind, list };
  });
}

const V4 = matchers(IPV4_RANGES, 'ipv4');
const V6 = matchers(IPV6_RANGES, 'ipv6');

/** Expands an IPv6 address into its eight 16-bit groups (an embedded dotted IPv4 tail included). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -dotted[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, null];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = tail === null ? [] : parse(tail);
  const zeros = tail === null ? [] : new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}

function ipv4FromGroups(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** The IPv4 address an IPv6 address stands for, when it embeds one in a way that reaches it. */
export function embeddedIpv4(address: string): string | null {
  const g = ipv6Groups(address);
  if (g.length !== 8) return null;
  const zeroUntil = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUntil(5) && g[5] === 0xffff) return ipv4FromGroups(g[6]!, g[7]!); // ::ffff:a.b.c.d (mapped)
  if (zeroUntil(6) && (g[6]! !== 0 || g[7]! > 1)) return ipv4FromGroups(g[6]!, g[7]!); // ::a.b.c.d (compatible)
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return ipv4FromGroups(g[6]!, g[7]!); // NAT64
  if (g[0] === 0x2002) return ipv4FromGroups(g[1]!, g[2]!); // 6to4
  return null;
}

/** The refused kind of an address, or null when it is a public unicast address. Non-IP text is 'reserved'. */
export function classifyAddress(address: string): AddressKind | null {
  const family = isIP(address);
  if (family === 4) return V4.find((m) => m.list.check(address, 'ipv4'))?.kind ?? null;
  if (family !== 6) return 'reserved';
  const inner = embeddedIpv4(address);
  if (inner !== null) return classifyAddress(inner);
  const bare = address.replace(/%.*$/, '');
  return V6.find((m) => m.list.check(bare, 'ipv6'))?.kind ?? null;
}

export interface AddressPolicy {
  /** Tests only: true allows any loopback address; a list allows loopback on those ports only. */
  allowLoopback?: boolean | readonly number[];
}

/** Why connecting to this address and port is refused, or null when it is allowed. */
export function refusalReason(address: string, port: number, policy: AddressPolicy = {}): string | null {
  const kind = classifyAddress(address);
  if (kind === null) return null;
  if (kind === 'loopback' && loopbackAllowed(port, policy)) return null;
  return `${address} is a ${kind} address`;
}

function loopbackAllowed(port: number, policy: AddressPolicy): boolean {
  const allow = policy.allowLoopback;
  return allow === true || (Array.isArray(allow) && allow.includes(port));
}
