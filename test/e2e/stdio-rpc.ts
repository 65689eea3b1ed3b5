/**
 * The host's side of MCP over stdio, as Claude Desktop speaks it to the entry it started:
 * newline-delimited JSON-RPC 2.0 on the child's stdin and stdout.
 */
import type { LaunchedEntry } from './launch.js';

export interface RpcResponse {
  id: number;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
}

export class StdioRpc {
  private nextId = 1;
  private readonly waiting = new Map<number, (response: RpcResponse) => void>();

  constructor(private readonly entry: LaunchedEntry) {
    entry.onStdoutLine((line) => {
      let message: RpcResponse;
      try {
        message = JSON.parse(line) as RpcResponse;
      } catch {
        return; // not a JSON-RPC line
      }
      if (typeof message.id === 'number') this.waiting.get(message.id)?.(message);
    });
  }

  request(method: string, params: Record<string, unknown>, timeoutMs: number): Promise<RpcResponse> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`no answer to ${method} within ${timeoutMs} ms; mcp-remote's stderr:\n${this.entry.stderr()}`));
      }, timeoutMs);
      this.waiting.set(id, (response) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(response);
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: Record<string, unknown> = {}): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  private send(message: Record<string, unknown>): void {
    this.entry.child.stdin?.write(`${JSON.stringify(message)}\n`);
  }
}
