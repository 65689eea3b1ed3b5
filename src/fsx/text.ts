/**
 * Text files read as bytes: a file that is not valid UTF-8 cannot be edited as text without
 * changing the bytes we do not understand, so an edit must refuse it rather than "repair" it.
 */
export type DecodedText = { ok: true; text: string } | { ok: false; offset: number; line: number };

export function decodeUtf8Strict(bytes: Buffer): DecodedText {
  const text = bytes.toString('utf8');
  const again = Buffer.from(text, 'utf8');
  if (again.equals(bytes)) return { ok: true, text };
  // Invalid sequences became U+FFFD: the first byte that differs is the first bad one.
  let offset = 0;
  while (offset < bytes.length && bytes[offset] === again[offset]) offset++;
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return { ok: false, offset, line };
}
