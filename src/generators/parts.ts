/** What \`init\` lets a user choose, and where init and "generate all" write; apart from the generators so the CLI can name them without loading them. */
export const ARTIFACT_PARTS = ['desktop-config', 'static-client', 'dcr-policy'] as const;
export type ArtifactPart = (typeof ARTIFACT_PARTS)[number];

export const DEFAULT_OUT_DIR = 'mcpauth-out';
