import { randomUUID } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { RaftNode } from '../impl/raft/core.ts';
import type { RaftMessage } from '../impl/raft/messages.ts';
import { seededRandom } from '../impl/random.ts';
import { EventLog } from './events.ts';
import { KvStore, type KvCommand, type KvResult } from './kv.ts';
import { nodeDir, type ClusterLayout } from './layout.ts';
import { PeerTransport } from './transport.ts';
import { Wal } from './wal.ts';

/** How long a client request waits for its entry to be applied before answering 503 (outcome unknown). */
const CLIENT_TIMEOUT_MS = 2000;

interface Pending {
  readonly id: string;
  readonly resolve: (r: { ok: true; result: KvResult } | { ok: false; error: string }) => void;
}

/**
 * One Raft server as a process: the I/O-free core from src/impl/raft, driven by real time
 * (`tick()` every `tickMs`), with a WAL on disk, HTTP for peers and clients, and a key-value
 * state machine. Each Ready is handled in the core's order: persist (fsync) before the
 * messages leave, so no vote or acknowledgement is sent before it is durable; then apply.
 *
 * HTTP endpoints: `PUT /kv/<key>` (body: the value), `GET /kv/<key>`, `GET /status`,
 * `POST /raft` (peers), `POST /admin/partition` (`{"peers":["n2"]}`: drop traffic to and
 * from them), `POST /admin/disk` (`{"delayMs":50}`: a slow disk).
 *
 * Example: `await ClusterNode.start(layout, './data', 'n1')`.
 */
export class ClusterNode {
  private readonly pending = new Map<number, Pending>();
  private readonly kv = new KvStore();
  private flushScheduled = false;
  private timer: NodeJS.Timeout | null = null;

  private constructor(
    readonly id: string,
    private readonly layout: ClusterLayout,
    private readonly core: RaftNode,
    private readonly wal: Wal,
    private readonly transport: PeerTransport,
    private readonly events: EventLog,
    private readonly server: Server,
  ) {}

  static async start(layout: ClusterLayout, dataDir: string, id: string, log: (line: string) => void = () => {}): Promise<ClusterNode> {
    const me = layout.nodes.find((n) => n.id === id);
    if (!me) throw new Error(`no node ${id} in the layout`);
    const dir = nodeDir(dataDir, id);
    const { wal, recovery } = Wal.open(dir, { fsync: layout.fsync });
    log(`${id}: seed ${me.seed}; recovered term ${recovery.state.currentTerm}, vote ${recovery.state.votedFor}, ${recovery.state.log.length} entries from ${recovery.records} records${recovery.tornBytes ? `; cut a torn tail of ${recovery.tornBytes} bytes` : ''}`);
    const core = new RaftNode({
      id,
      peers: layout.nodes.map((n) => n.id),
      random: seededRandom(me.seed),
      electionTicks: layout.electionTicks,
      heartbeatTicks: layout.heartbeatTicks,
      // One entry per AppendEntries when events are logged: the model sends one at a time.
      maxEntriesPerMessage: layout.events === false ? 256 : 1,
      persisted: recovery.state,
    });
    const ports = new Map(layout.nodes.map((n) => [n.id, n.httpPort]));
    const transport = new PeerTransport(layout.host, ports, id);
    const events = new EventLog(layout.events === false ? null : join(dir, 'events.ndjson'), id);
    let self: ClusterNode | null = null;
    const server = createServer((req, res) => void self!.handle(req, res).catch((e: Error) => reply(res, 500, { error: e.message })));
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(me.httpPort, layout.host, () => resolve());
    });
    self = new ClusterNode(id, layout, core, wal, transport, events, server);
    // A node that had state on disk crashed or stopped before: to the model, a restart.
    if (recovery.records > 0) events.record('restart', core);
    self.timer = setInterval(() => self!.tick(), layout.tickMs);
    return self;
  }

  status(): Record<string, unknown> {
    const me = this.layout.nodes.find((n) => n.id === this.id)!;
    return { id: this.id, pid: process.pid, role: this.core.role, term: this.core.currentTerm, commitIndex: this.core.commitIndex, lastApplied: this.core.lastApplied, httpPort: me.httpPort, leader: this.core.leaderId };
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.server.close();
    this.server.closeAllConnections();
    this.transport.close();
    this.wal.close();
    this.events.close();
  }

  // ---------------------------------------------------------------- inputs

  private tick(): void {
    const before = this.core.currentTerm;
    this.core.tick();
    // A tick that neither started an election nor sent anything is not logged: to the model it is no step.
    this.afterInput((sent) => (this.core.currentTerm !== before || sent.length > 0 ? () => this.events.record('tick', this.core, { sent }) : null));
  }

  private receive(messages: readonly RaftMessage[]): void {
    for (const m of messages) {
      if (m.to !== this.id || this.transport.blocked.has(m.from)) continue;
      this.core.step(m);
      this.afterInput((sent) => () => this.events.record('receive', this.core, { msg: m, sent }));
    }
  }

  private propose(cmd: KvCommand): Promise<{ ok: true; result: KvResult } | { ok: false; error: string }> {
    const value = JSON.stringify(cmd);
    const at = this.core.propose(value);
    if (at === null) return Promise.resolve({ ok: false, error: 'not leader' });
    this.afterInput((sent) => () => this.events.record('propose', this.core, { value, accepted: true, sent }));
    return new Promise((resolve) => {
      const timeout = setTimeout(() => {
        this.pending.delete(at.index);
        resolve({ ok: false, error: 'timeout: the outcome is unknown' });
      }, CLIENT_TIMEOUT_MS);
      this.pending.set(at.index, {
        id: cmd.id,
        resolve: (r) => {
          clearTimeout(timeout);
          resolve(r);
        },
      });
    });
  }

  // ---------------------------------------------------------------- Ready

  /**
   * After one input. Without an event log, inputs arriving in the same turn of the event loop
   * share one Ready, hence one fsync. With one, each input's Ready is handled at once, so that
   * its log line can name the messages that input sent; `line` gives the line to write (or
   * null). It is written between the WAL's write and its fsync, and before the messages
   * leave: a process killed during the fsync (or a slow disk's delay) keeps what it wrote to
   * both files, since the kernel has the bytes; written after the fsync, the line of an input
   * whose entries the WAL kept was lost when the kill came during it, and the restarted
   * node's log was one entry longer than the event log could explain.
   */
  private afterInput(line: (sent: readonly RaftMessage[]) => (() => void) | null): void {
    if (this.events.enabled) {
      this.flush(line);
      return;
    }
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush(() => null);
    });
  }

  private flush(line: (sent: readonly RaftMessage[]) => (() => void) | null): void {
    let logged = false;
    while (this.core.hasReady()) {
      const rd = this.core.ready();
      // Written and fsynced before anything below; the event line in between (see above).
      this.wal.save(rd, logged ? undefined : () => line(rd.messages)?.());
      logged = true;
      this.transport.send(rd.messages);
      for (const e of rd.committedEntries) {
        const applied = this.kv.apply(e.value);
        const p = this.pending.get(e.index);
        if (!p) continue;
        this.pending.delete(e.index);
        // Another leader's entry took this index: ours was never committed.
        if (applied && applied.id === p.id) p.resolve({ ok: true, result: applied.result });
        else p.resolve({ ok: false, error: 'leadership changed: the request was not applied' });
      }
      this.core.advance();
    }
    if (!logged) line([])?.();
  }

  // ---------------------------------------------------------------- HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const body = await readBody(req);
    if (url.pathname === '/raft' && req.method === 'POST') {
      const from = String(req.headers['x-soffio-from'] ?? '');
      if (!this.transport.blocked.has(from)) this.receive(JSON.parse(body) as RaftMessage[]);
      return reply(res, 204, null);
    }
    if (url.pathname === '/status') return reply(res, 200, this.status());
    if (url.pathname === '/admin/partition' && req.method === 'POST') {
      const { peers } = JSON.parse(body || '{}') as { peers?: string[] };
      this.transport.blocked.clear();
      for (const p of peers ?? []) this.transport.blocked.add(p);
      return reply(res, 200, { blocked: [...this.transport.blocked].sort() });
    }
    if (url.pathname === '/admin/disk' && req.method === 'POST') {
      const { delayMs } = JSON.parse(body || '{}') as { delayMs?: number };
      this.wal.setDiskDelay(delayMs ?? 0);
      return reply(res, 200, { delayMs: delayMs ?? 0 });
    }
    const m = /^\/kv\/(.+)$/.exec(url.pathname);
    if (m && (req.method === 'PUT' || req.method === 'GET')) {
      const key = decodeURIComponent(m[1]);
      if (this.core.role !== 'leader') return this.forward(req, res, body);
      const id = String(req.headers['x-request-id'] ?? randomUUID());
      const cmd: KvCommand = req.method === 'PUT' ? { id, op: 'put', key, value: body } : { id, op: 'get', key };
      const r = await this.propose(cmd);
      if (!r.ok) return reply(res, 503, { error: r.error, leader: this.core.leaderId });
      return req.method === 'PUT' ? reply(res, 200, { ok: true }) : reply(res, 200, { value: r.result });
    }
    return reply(res, 404, { error: `no route ${req.method} ${url.pathname}` });
  }

  /** A follower passes a client request to the leader it knows (once: a forwarded request is never forwarded again). */
  private forward(req: IncomingMessage, res: ServerResponse, body: string): void {
    const leader = this.core.leaderId;
    const port = this.layout.nodes.find((n) => n.id === leader)?.httpPort;
    if (req.headers['x-soffio-forwarded'] || leader === null || port === undefined || this.transport.blocked.has(leader)) {
      return reply(res, 503, { error: 'not leader', leader });
    }
    const fwd = request(
      { host: this.layout.host, port, method: req.method, path: req.url, timeout: CLIENT_TIMEOUT_MS + 500, headers: { 'x-soffio-forwarded': this.id, 'content-length': Buffer.byteLength(body), ...(req.headers['x-request-id'] ? { 'x-request-id': req.headers['x-request-id'] } : {}) } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, { 'content-type': 'application/json' });
        up.pipe(res);
      },
    );
    fwd.on('timeout', () => fwd.destroy(new Error('timeout')));
    fwd.on('error', (e) => {
      if (!res.headersSent) reply(res, 503, { error: `forwarding to ${leader} failed: ${e.message}; the outcome is unknown` });
      else res.destroy();
    });
    fwd.end(body);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, code: number, body: unknown): void {
  if (code === 204) {
    res.writeHead(204).end();
    return;
  }
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}
