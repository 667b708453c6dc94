/** Keep-alive HTTP helpers for the load side (POST creates on 127.0.0.1). */
import { Agent, request } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

export interface Response {
  status: number;
  body: string;
}

/** Sends one request with a JSON body; resolves with status and body text. */
export function send(url: string, method: string, body?: unknown): Promise<Response> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(
      url,
      {
        method,
        agent,
        headers: data ? { 'content-type': 'application/json', 'content-length': data.length } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** Closes idle keep-alive sockets. */
export function closeAgent(): void {
  agent.destroy();
}
