/**
 * The envelope every Curity merge fragment of mcpauth shares: config › profiles › profile(id,
 * as:oauth-service) › settings › authorization-server, with the namespaces exactly as Curity's own
 * files declare them (reference/curity.md §2). Serialised by fast-xml-parser's builder, which
 * escapes every value; 2-space indentation and fixed element order make the output stable.
 */
import { XMLBuilder } from 'fast-xml-parser';

export const CURITY_NAMESPACES = {
  config: 'http://tail-f.com/ns/config/1.0',
  base: 'https://curity.se/ns/conf/base',
  oauth: 'https://curity.se/ns/conf/profile/oauth',
} as const;

/** An element tree for the builder: text, an empty element (''), repeated elements (arrays) or children. */
export type XmlValue = string | XmlValue[] | { [name: string]: XmlValue };

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
});

/** A merge fragment holding `children` under the token profile's authorization-server element. */
export function authorizationServerFragment(profileId: string, children: Record<string, XmlValue>): string {
  const tree = {
    config: {
      '@_xmlns': CURITY_NAMESPACES.config,
      profiles: {
        '@_xmlns': CURITY_NAMESPACES.base,
        profile: {
          id: profileId,
          type: { '@_xmlns:as': CURITY_NAMESPACES.oauth, '#text': 'as:oauth-service' },
          settings: {
            'authorization-server': { '@_xmlns': CURITY_NAMESPACES.oauth, ...children },
          },
        },
      },
    },
  };
  const xml = builder.build(tree) as string;
  return xml.endsWith('\n') ? xml : `${xml}\n`;
}
