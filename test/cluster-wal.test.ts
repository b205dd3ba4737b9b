import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encode, Wal, WalCorruptionError, type WalRecord } from '../src/cluster/wal.ts';
import { makeLayout } from '../src/cluster/layout.ts';
import { ClusterNode } from '../src/cluster/node.ts';
import { freeBasePort } from './support/cluster.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'soffio-wal-'));
  dirs.push(d);
  return d;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

// Term 2, voted for n1; entries (1,'a') (1,'b') (2,'c'), then a conflict cut the log back to one
// entry and (2,'d') was appended: the log is [(1,'a'), (2,'d')].
const records: WalRecord[] = [
  { t: 'hs', term: 1, vote: 'n2' },
  { t: 'e', i: 1, term: 1, v: 'a' },
  { t: 'e', i: 2, term: 1, v: 'b' },
  { t: 'hs', term: 2, vote: 'n1' },
  { t: 'e', i: 3, term: 2, v: 'c' },
  { t: 'tr', from: 2 },
  { t: 'e', i: 2, term: 2, v: 'd' },
];

function writeWal(dir: string, rs: readonly WalRecord[]): string {
  const { wal } = Wal.open(dir);
  wal.append(rs);
  wal.close();
  return join(dir, 'wal.log');
}

describe('write-ahead log', () => {
  it('replays hard state, truncations and entries into the persistent state', () => {
    const dir = tempDir();
    writeWal(dir, records);
    const { wal, recovery } = Wal.open(dir);
    wal.close();
    expect(recovery.state).toEqual({ currentTerm: 2, votedFor: 'n1', log: [{ term: 1, value: 'a' }, { term: 2, value: 'd' }] });
    expect(recovery.tornBytes).toBe(0);
    expect(recovery.records).toBe(7);
  });

  it('cuts a torn last record (a crash mid-write) and keeps everything before it', () => {
    const dir = tempDir();
    const file = writeWal(dir, records);
    const last = encode(records[6]).length;
    const size = statSync(file).size;
    truncateSync(file, size - 3); // the last record lost its final 3 bytes
    const { wal, recovery } = Wal.open(dir);
    wal.close();
    // Without record 7 the log is [(1,'a')] (record 6 cut it back to one entry).
    expect(recovery.state).toEqual({ currentTerm: 2, votedFor: 'n1', log: [{ term: 1, value: 'a' }] });
    expect(recovery.tornBytes).toBe(last - 3);
    expect(statSync(file).size).toBe(size - last); // the torn bytes are gone from disk too
  });

  it('cuts a torn header (fewer than 8 bytes of a record)', () => {
    const dir = tempDir();
    const file = writeWal(dir, records.slice(0, 2));
    writeFileSync(file, Buffer.concat([readFileSync(file), encode(records[2]).subarray(0, 5)]));
    const { wal, recovery } = Wal.open(dir);
    wal.close();
    expect(recovery.state.log).toEqual([{ term: 1, value: 'a' }]);
    expect(recovery.tornBytes).toBe(5);
  });

  it('refuses a record whose bytes changed (CRC32 mismatch), naming the file and offset', () => {
    const dir = tempDir();
    const file = writeWal(dir, records);
    const bytes = readFileSync(file);
    const offset = bytes.length - 2; // inside the last record's payload
    bytes[offset] ^= 0x01;
    writeFileSync(file, bytes);
    const recordStart = bytes.length - encode(records[6]).length;
    expect(() => Wal.open(dir)).toThrowError(WalCorruptionError);
    expect(() => Wal.open(dir)).toThrowError(new RegExp(`wal\\.log: corrupted record at byte ${recordStart}: CRC32`));
    // Refusing leaves the file as it was, for a person to inspect.
    expect(readFileSync(file)).toEqual(bytes);
  });

  it('refuses a flipped byte in an earlier record too, not only the tail', () => {
    const dir = tempDir();
    const file = writeWal(dir, records);
    const bytes = readFileSync(file);
    bytes[8 + 3] ^= 0x20; // inside the first record's payload
    writeFileSync(file, bytes);
    expect(() => Wal.open(dir)).toThrowError(/corrupted record at byte 0/);
  });

  it('a node does not start on a corrupted log', async () => {
    const data = tempDir();
    const layout = makeLayout({ nodes: 1, basePort: await freeBasePort(1) });
    const file = writeWal(join(data, 'n1'), records);
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(file, bytes);
    await expect(ClusterNode.start(layout, data, 'n1')).rejects.toThrowError(/refusing to start/);
  });

  it('a node restarts from a log with a torn tail, with the records before it', async () => {
    const data = tempDir();
    const layout = makeLayout({ nodes: 1, basePort: await freeBasePort(1) });
    const file = writeWal(join(data, 'n1'), records.slice(0, 3));
    truncateSync(file, statSync(file).size - 1);
    const lines: string[] = [];
    const node = await ClusterNode.start(layout, data, 'n1', (l) => lines.push(l));
    try {
      expect(lines.join('\n')).toMatch(/recovered term 1, vote n2, 1 entries from 2 records; cut a torn tail of \d+ bytes/);
    } finally {
      node.close();
    }
  });
});
