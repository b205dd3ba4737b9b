import type { KvOperation } from '../../src/linearizability/history.ts';

export { freeBasePort } from '../../src/cluster/ports.ts';

export interface HttpResult {
  readonly status: number | null; // null: no response (timeout, refused, reset)
  readonly body: Record<string, unknown> | null;
}

/** One HTTP request with a deadline; never throws. */
export async function call(port: number, method: 'GET' | 'PUT' | 'POST', path: string, body?: string, headers: Record<string, string> = {}, timeoutMs = 3000): Promise<HttpResult> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, body, headers, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  } catch {
    return { status: null, body: null };
  }
}

/**
 * `call`, retried while the node answers "not leader" without naming one: an election is in
 * progress (after a start or a restart), and a client waits it out as a real one would.
 */
export async function callThroughElection(port: number, method: 'GET' | 'PUT' | 'POST', path: string, body?: string, deadlineMs = 10_000): Promise<HttpResult> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const result = await call(port, method, path, body);
    const electing = result.body?.error === 'not leader' && (result.body.leader ?? null) === null;
    if (!electing || Date.now() >= deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Clients that write unique values and read a few keys against random nodes, recording a
 * history for the linearizability checker. A put that got no answer, or an answer that does
 * not say it surely failed, is recorded as indeterminate (`returned: null`); only "not
 * leader" (never proposed) and "leadership changed" (its log slot went to another entry)
 * are sure failures and leave the history.
 */
export class Clients {
  readonly history: KvOperation[] = [];
  /** Request ids (= values) of acknowledged writes. */
  readonly acknowledged: string[] = [];
  private running = true;
  private readonly loops: Promise<void>[] = [];
  private readonly t0 = performance.now();

  constructor(
    private readonly ports: readonly number[],
    private readonly keys: readonly string[],
  ) {}

  start(clients: number): void {
    for (let c = 0; c < clients; c++) this.loops.push(this.loop(c));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  now(): number {
    return performance.now() - this.t0;
  }

  /** One put, recorded. Returns the HTTP result. */
  async put(client: number, port: number, key: string, value: string): Promise<HttpResult> {
    const invoked = this.now();
    const r = await call(port, 'PUT', `/kv/${key}`, value, { 'x-request-id': value });
    const returned = this.now();
    if (r.status === 200) {
      this.acknowledged.push(value);
      this.history.push({ client, input: { kind: 'put', key, value }, output: null, invoked, returned });
    } else if (!isSureFailure(r)) {
      this.history.push({ client, input: { kind: 'put', key, value }, output: null, invoked, returned: null });
    }
    return r;
  }

  /** One get, recorded when answered. */
  async get(client: number, port: number, key: string): Promise<HttpResult> {
    const invoked = this.now();
    const r = await call(port, 'GET', `/kv/${key}`);
    const returned = this.now();
    if (r.status === 200) this.history.push({ client, input: { kind: 'get', key }, output: (r.body!.value as string | null) ?? null, invoked, returned });
    return r;
  }

  private async loop(client: number): Promise<void> {
    let seq = 0;
    while (this.running) {
      const port = this.ports[Math.floor(Math.random() * this.ports.length)];
      const key = this.keys[Math.floor(Math.random() * this.keys.length)];
      const r = Math.random() < 0.6 ? await this.put(client, port, key, `c${client}-${seq++}`) : await this.get(client, port, key);
      // Back off a little after a failure (no leader yet, a dead node) instead of spinning.
      if (r.status !== 200) await new Promise((res) => setTimeout(res, 50));
    }
  }
}

function isSureFailure(r: HttpResult): boolean {
  const error = String(r.body?.error ?? '');
  return r.status === 503 && (error === 'not leader' || error.startsWith('leadership changed'));
}
