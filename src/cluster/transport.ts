import { Agent, request } from 'node:http';
import type { RaftMessage } from '../impl/raft/messages.ts';

/**
 * Peer-to-peer messages over HTTP/1.1 keep-alive connections on loopback: each batch for one
 * peer is one `POST /raft` with a JSON array. Sending is fire-and-forget, as Raft expects of
 * its network (a lost message is a message the protocol already tolerates). A set of blocked
 * peers simulates a partition: nothing is sent to them, and what they send is dropped on
 * arrival (see server.ts).
 */
export class PeerTransport {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 4 });
  readonly blocked = new Set<string>();

  constructor(
    private readonly host: string,
    private readonly ports: ReadonlyMap<string, number>,
    private readonly self: string,
  ) {}

  /** Example: `transport.send([{ type: 'RequestVote', from: 'n1', to: 'n2', ... }])`. */
  send(messages: readonly RaftMessage[]): void {
    const byPeer = new Map<string, RaftMessage[]>();
    for (const m of messages) {
      if (this.blocked.has(m.to)) continue;
      byPeer.set(m.to, [...(byPeer.get(m.to) ?? []), m]);
    }
    for (const [peer, batch] of byPeer) {
      const port = this.ports.get(peer);
      if (port === undefined) continue;
      const body = JSON.stringify(batch);
      const req = request({ host: this.host, port, method: 'POST', path: '/raft', agent: this.agent, timeout: 1000, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-soffio-from': this.self } });
      req.setNoDelay(true);
      req.on('response', (res) => res.resume());
      req.on('timeout', () => req.destroy());
      req.on('error', () => {});
      req.end(body);
    }
  }

  close(): void {
    this.agent.destroy();
  }
}
