/** What a generator returns: file content and how to write it. Generators never touch the disk. */
export interface Artifact {
  /** File name inside the output folder (for `--out FILE`, the file itself). */
  name: string;
  /** What the file is, in a few words, for the summary the user reads. */
  title: string;
  content: string;
  /** POSIX mode for new files; 0o600 for anything secret. */
  mode?: number;
  /** The content must never be printed (diffs, stdout, logs). */
  secret?: boolean;
  /**
   * How to fold this artifact into a file that already exists, instead of replacing it.
   * Throws when the existing file cannot be merged safely (it is then left alone).
   */
  merge?: (existing: string) => string;
  /**
   * A problem with content meant for this file, or undefined. Writers check the bytes they read
   * back from the temporary file with it, before that file replaces the original.
   */
  validate?: (content: string) => string | undefined;
}
