import type { IncomingMessage } from 'node:http';

/** A thousand Alertmanager alerts are about 1 MB; anything far beyond is not an alert payload. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export class TooLarge extends Error {}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new TooLarge());
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

