/** Names of the Curity and CIMD artifacts, apart from their generators so that commands can name them without loading the XML builder. */
export const STATIC_CLIENT_FILE = 'curity-static-client.xml';
export const CIMD_DOCUMENT_FILE = 'client-id-metadata-document.json';
export const EPHEMERAL_CLIENT_FILE = 'curity-ephemeral-client.xml';
