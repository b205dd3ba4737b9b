import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Entry } from '../impl/raft/messages.ts';
import type { PersistentState, Ready } from '../impl/raft/ready.ts';

/**
 * The write-ahead log of one node: Figure 2's persistent state (currentTerm, votedFor, log) as
 * an append-only file of records. Each record is
 *
 *     u32 LE payload length | u32 LE CRC32 of the payload | payload (UTF-8 JSON)
 *
 * A crash in the middle of a write leaves a torn tail (a header or payload cut short): on
 * reopening it is cut off, which loses nothing acknowledged because nothing is acknowledged
 * before its record is fsynced. A checksum mismatch is not what a crash does (the bytes were
 * written and synced, then changed): the node refuses to start rather than apply them.
 */

export type WalRecord =
  | { readonly t: 'hs'; readonly term: number; readonly vote: string | null }
  | { readonly t: 'tr'; readonly from: number }
  | { readonly t: 'e'; readonly i: number; readonly term: number; readonly v: string };

/** The log is damaged in a way a crash cannot explain; the node must not start on it. */
export class WalCorruptionError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    detail: string,
  ) {
    super(`${file}: corrupted record at byte ${offset}: ${detail}; refusing to start (restore the node's data or wipe it to rejoin empty)`);
    this.name = 'WalCorruptionError';
  }
}

export interface WalOptions {
  /** fsync after each batch (default true). Off only for measuring what it costs. */
  readonly fsync?: boolean;
  /** A slow disk: sleep this long before each sync (fault injection). */
  diskDelayMs?: number;
}

export interface WalRecovery {
  readonly state: PersistentState;
  /** Bytes of torn tail that were cut off (0 when the file ended on a record boundary). */
  readonly tornBytes: number;
  readonly records: number;
}

const HEADER_BYTES = 8;

/**
 * Example:
 * ```ts
 * const { wal, recovery } = Wal.open('./data/n1');
 * const node = new RaftNode({ ..., persisted: recovery.state });
 * wal.save(node.ready()); // records appended and fsynced
 * ```
 */
export class Wal {
  private fd: number;
  private size: number;

  private constructor(
    readonly file: string,
    fd: number,
    size: number,
    private readonly options: WalOptions,
  ) {
    this.fd = fd;
    this.size = size;
  }

  /** Opens (or creates) `dir/wal.log`, cuts a torn tail and replays the records. */
  static open(dir: string, options: WalOptions = {}): { wal: Wal; recovery: WalRecovery } {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'wal.log');
    const bytes = existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
    const { records, validBytes } = decode(file, bytes);
    const fd = openSync(file, existsSync(file) ? 'r+' : 'w+');
    if (validBytes < bytes.length) {
      ftruncateSync(fd, validBytes);
      fsyncSync(fd);
    }
    const wal = new Wal(file, fd, validBytes, { fsync: true, ...options });
    return { wal, recovery: { state: replay(records), tornBytes: bytes.length - validBytes, records: records.length } };
  }

  setDiskDelay(ms: number): void {
    this.options.diskDelayMs = ms;
  }

  /**
   * Step 1 of a Ready: its hard state, truncation and entries, written and synced. Returns
   * whether anything was written. `beforeSync` runs once the records are written and before
   * they are synced (or at once when there is nothing to write).
   */
  save(rd: Ready, beforeSync?: () => void): boolean {
    const records: WalRecord[] = [];
    if (rd.hardState) records.push({ t: 'hs', term: rd.hardState.currentTerm, vote: rd.hardState.votedFor });
    if (rd.truncateFrom !== null) records.push({ t: 'tr', from: rd.truncateFrom });
    for (const e of rd.entries) records.push({ t: 'e', i: e.index, term: e.term, v: e.value });
    if (records.length === 0) {
      beforeSync?.();
      return false;
    }
    this.append(records, beforeSync);
    return true;
  }

  /** Appends records as one write, runs `beforeSync`, then syncs (unless fsync is off). */
  append(records: readonly WalRecord[], beforeSync?: () => void): void {
    const buf = Buffer.concat(records.map(encode));
    let written = 0;
    while (written < buf.length) written += writeSync(this.fd, buf, written, buf.length - written, this.size + written);
    this.size += buf.length;
    beforeSync?.();
    if (this.options.diskDelayMs) sleepSync(this.options.diskDelayMs);
    if (this.options.fsync !== false) fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** One record as bytes. Example: `encode({ t: 'tr', from: 3 })` is 8 header bytes and `{"t":"tr","from":3}`. */
export function encode(r: WalRecord): Buffer {
  const payload = Buffer.from(JSON.stringify(r), 'utf8');
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}

function decode(file: string, bytes: Buffer): { records: WalRecord[]; validBytes: number } {
  const records: WalRecord[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (bytes.length - at < HEADER_BYTES) break; // torn header
    const length = bytes.readUInt32LE(at);
    const sum = bytes.readUInt32LE(at + 4);
    if (bytes.length - at - HEADER_BYTES < length) break; // torn payload
    const payload = bytes.subarray(at + HEADER_BYTES, at + HEADER_BYTES + length);
    const actual = crc32(payload);
    if (actual !== sum) throw new WalCorruptionError(file, at, `CRC32 ${hex(actual)} where the header says ${hex(sum)}`);
    let record: WalRecord;
    try {
      record = JSON.parse(payload.toString('utf8')) as WalRecord;
    } catch {
      throw new WalCorruptionError(file, at, 'checksum matches but the payload is not JSON');
    }
    records.push(record);
    at += HEADER_BYTES + length;
  }
  return { records, validBytes: at };
}

function replay(records: readonly WalRecord[]): PersistentState {
  let currentTerm = 0;
  let votedFor: string | null = null;
  const log: Entry[] = [];
  for (const r of records) {
    if (r.t === 'hs') {
      currentTerm = r.term;
      votedFor = r.vote;
    } else if (r.t === 'tr') log.length = Math.min(log.length, r.from - 1);
    else {
      if (r.i !== log.length + 1) throw new Error(`wal: entry ${r.i} does not follow the log of length ${log.length}`);
      log.push({ term: r.term, value: r.v });
    }
  }
  return { currentTerm, votedFor, log };
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
