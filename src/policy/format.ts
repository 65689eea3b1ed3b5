/** The text form of a simulated decision, as `mcpauth dcr simulate` prints it. */
import type pc from 'picocolors';
import type { Decision } from './evaluate.js';

type Colors = ReturnType<typeof pc.createColors>;

export function formatDecisionText(decision: Decision, request: unknown, c: Colors): string {
  if (decision.decision === 'reject') {
    return [`${c.red('reject')}  ${decision.error.code}`, `  ${decision.error.description}`, ''].join('\n');
  }
  const entries = Object.entries(decision.attributes);
  const width = Math.max(...entries.map(([key]) => key.length));
  const lines = [`${c.green('accept')}  attributes merged over the registration request:`];
  // JSON.stringify shows strings quoted and escaped: a client name cannot move the cursor.
  for (const [key, value] of entries) lines.push(`  ${key.padEnd(width)}  ${JSON.stringify(value)}`);
  const dropped = droppedScopes(request, decision.attributes.scope);
  if (dropped.length > 0) lines.push(`  ${c.dim(`dropped from the requested scope: ${dropped.join(' ')}`)}`);
  if (decision.attributes.scope === undefined) lines.push(`  ${c.dim('no scope attribute: the request keeps its scope and Curity applies its defaults')}`);
  return `${lines.join('\n')}\n`;
}

function droppedScopes(request: unknown, granted: string | undefined): string[] {
  if (granted === undefined || typeof request !== 'object' || request === null) return [];
  const scope = (request as Record<string, unknown>).scope;
  if (typeof scope !== 'string') return [];
  const kept = new Set(granted.split(' '));
  return [...new Set(scope.split(' ').filter((token) => token !== '' && !kept.has(token)))].map((token) => JSON.stringify(token).slice(1, -1));
}
