/**
 * A small YAML writer for generated configuration: block style, keys as they are (they are fixed
 * identifiers of our own), and every string scalar as a JSON string, which YAML reads as a
 * double-quoted scalar. So no value can change the structure, whatever it holds. Characters outside
 * printable ASCII are written as escapes: YAML 1.1 readers (libyaml, which Kong uses) take U+2028
 * and U+0085 for line breaks and refuse other characters raw, but read every escape alike.
 */
export type YamlValue = string | number | boolean | YamlValue[] | { [key: string]: YamlValue };

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function toYaml(value: { [key: string]: YamlValue }): string {
  return `${mapLines(value, '').join('\n')}\n`;
}

function scalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  return JSON.stringify(value).replace(/[^\x20-\x7e]/gu, (c) => {
    const code = c.codePointAt(0) as number;
    return code > 0xffff ? `\\U${code.toString(16).padStart(8, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

function key(name: string): string {
  return PLAIN_KEY.test(name) ? name : JSON.stringify(name);
}

function mapLines(map: { [key: string]: YamlValue }, indent: string): string[] {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(map)) {
    if (typeof value !== 'object') lines.push(`${indent}${key(name)}: ${scalar(value)}`);
    else if (Array.isArray(value) && value.length === 0) lines.push(`${indent}${key(name)}: []`);
    else {
      lines.push(`${indent}${key(name)}:`);
      lines.push(...(Array.isArray(value) ? listLines(value, `${indent}  `) : mapLines(value, `${indent}  `)));
    }
  }
  return lines;
}

function listLines(list: YamlValue[], indent: string): string[] {
  const lines: string[] = [];
  for (const item of list) {
    if (typeof item !== 'object') lines.push(`${indent}- ${scalar(item)}`);
    else {
      // The first line of a nested block goes after the dash; the rest keep its indentation.
      const nested = Array.isArray(item) ? listLines(item, `${indent}  `) : mapLines(item, `${indent}  `);
      lines.push(`${indent}- ${nested[0].trimStart()}`, ...nested.slice(1));
    }
  }
  return lines;
}
