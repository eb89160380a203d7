/** The one content hash every stage uses (article ids and content hashes, feed bodies, cache keys). */
import { createHash } from 'node:crypto';

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
