/**
 * Disk → screen: a recorder writes cassette files straight into
 * the directory (no API); latency from the end of the write to the matching
 * event at a /ws client. Half the writes are upstream-style in place
 * (truncate + write, what Recorder::save does), half atomic (temp + rename);
 * half create new files, half rewrite existing ones.
 */
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { startChild, SERVER_CORE } from '../lib/child.js';
import { fmt, table } from '../lib/table.js';
import { median, nowMs, quantile } from '../lib/stats.js';
import { tempDir } from '../lib/tmp.js';
import type { StartResult } from '../servers/magneto.js';
import { cassetteText, generateCassettes } from '../listing/generate.js';

export interface DiskResult {
  writes: number;
  received: number;
  p50: number;
  p99: number;
  max: number;
  byMode: Record<string, { p50: number; p99: number; n: number }>;
}

export async function runDisk(o: {
  writes: number;
  intervalMs: number;
  existing: number;
  cpuProfDir?: string | undefined;
  log: (l: string) => void;
}): Promise<{ result: DiskResult; text: string }> {
  const dir = await tempDir('disk');
  await generateCassettes(dir, o.existing);
  const server = startChild('servers/magneto.ts', {
    core: SERVER_CORE,
    cpuProfDir: o.cpuProfDir,
    name: 'disk',
  });
  try {
    const s = await server.request<StartResult>('start', { options: { dir } }, 300_000);
    const ws = new WebSocket(`${s.url.replace(/^http/, 'ws')}/ws`);
    await new Promise((resolve, reject) => {
      ws.once('message', resolve);
      ws.once('error', reject);
    });
    const written = new Map<string, { at: number; mode: string }>();
    const latencies: { mode: string; ms: number }[] = [];
    let done: () => void = () => {};
    const allIn = new Promise<void>((r) => (done = r));
    ws.on('message', (data: Buffer) => {
      const at = nowMs();
      const m = JSON.parse(data.toString('utf8')) as { type: string; cassette?: { name: string } };
      const name = m.cassette?.name;
      const w = name ? written.get(name) : undefined;
      if (!name || !w) return;
      written.delete(name);
      latencies.push({ mode: w.mode, ms: at - w.at });
      if (latencies.length === o.writes) done();
    });
    for (let i = 0; i < o.writes; i++) {
      const fresh = i % 2 === 0;
      const idx = fresh ? o.existing + i : i % o.existing;
      const name = `cassette-${String(idx).padStart(6, '0')}`;
      const atomic = i % 4 >= 2;
      // A rewrite changes what the summary shows, so an event is due.
      const text = fresh
        ? cassetteText(idx)
        : cassetteText(idx).replace(
            '"version": "1.0",',
            `"version": "1.0",\n  "description": "rewrite ${i}",`,
          );
      const file = join(dir, `${name}.json`);
      if (atomic) {
        await writeFile(`${file}.tmp-${i}`, text);
        await rename(`${file}.tmp-${i}`, file);
      } else {
        await writeFile(file, text);
      }
      written.set(name, {
        at: nowMs(),
        mode: `${fresh ? 'create' : 'rewrite'}, ${atomic ? 'atomic rename' : 'in place'}`,
      });
      await new Promise((r) => setTimeout(r, o.intervalMs));
    }
    await Promise.race([allIn, new Promise((r) => setTimeout(r, 5000))]);
    ws.terminate();
    const all = latencies.map((l) => l.ms);
    const byMode: DiskResult['byMode'] = {};
    for (const mode of new Set(latencies.map((l) => l.mode))) {
      const v = latencies.filter((l) => l.mode === mode).map((l) => l.ms);
      byMode[mode] = { p50: median(v), p99: quantile(v, 0.99), n: v.length };
    }
    const result: DiskResult = {
      writes: o.writes,
      received: all.length,
      p50: median(all),
      p99: quantile(all, 0.99),
      max: Math.max(...all),
      byMode,
    };
    o.log(
      `  disk→event: ${result.received}/${o.writes} events, p50 ${fmt(result.p50)} ms, p99 ${fmt(result.p99)} ms`,
    );
    const rows = [
      ['all', `${result.received}/${o.writes}`, fmt(result.p50, 1), fmt(result.p99, 1), fmt(result.max, 1)],
      ...Object.entries(byMode).map(([m, v]) => [m, String(v.n), fmt(v.p50, 1), fmt(v.p99, 1), '']),
    ];
    return {
      result,
      text: table(
        `Disk → screen: end of a file write → event at a /ws client (${o.existing} cassettes in the directory, one write every ${o.intervalMs} ms)`,
        ['writes', 'events', 'p50 ms', 'p99 ms', 'max ms'],
        rows,
      ),
    };
  } finally {
    await server.stop();
  }
}
