// Generated inputs for the benchmark: realistic files written by mcpauth's own generators.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A Claude Desktop config like `generate desktop-config` writes, varied per index. */
export function desktopConfig(i) {
  const name = `server-${i}`;
  return `${JSON.stringify(
    {
      mcpServers: {
        [name]: {
          command: 'npx',
          args: ['-y', 'mcp-remote@0.15.1', `https://mcp${i}.example.com`, '--static-oauth-client-metadata', JSON.stringify({ client_name: `Claude (${name})`, scope: 'stocks/read' })],
        },
      },
    },
    null,
    2,
  )}\n`;
}

/** A Curity static-client merge fragment like `generate static-client` writes (hash, not secret). */
export function curityFragment(i) {
  return `<config xmlns="http://tail-f.com/ns/config/1.0">
  <profiles xmlns="https://curity.se/ns/conf/base">
    <profile>
      <id>token-service</id>
      <type xmlns:as="https://curity.se/ns/conf/profile/oauth">as:oauth-service</type>
      <settings>
        <authorization-server xmlns="https://curity.se/ns/conf/profile/oauth">
          <client-store>
            <config-backed>
              <client>
                <id>client-${i}</id>
                <secret>$5$7zfl3Bsen5f/vJsr$fBiHnGCiDh8dh.E7XHzVgRRlSnD18dqBtHxtKAn6Q45</secret>
                <redirect-uris>https://claude.ai/api/mcp/auth_callback</redirect-uris>
                <audience>client-${i}</audience>
                <audience>https://mcp.demo.example/</audience>
                <scope>openid</scope>
                <scope>stocks/read</scope>
                <user-authentication>
                  <allowed-authenticators>email</allowed-authenticators>
                </user-authentication>
                <capabilities>
                  <code/>
                </capabilities>
              </client>
            </config-backed>
          </client-store>
        </authorization-server>
      </settings>
    </profile>
  </profiles>
</config>
`;
}

export function writeFiles(dir, count, make, extension) {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) writeFileSync(path.join(dir, `f-${String(i).padStart(5, '0')}.${extension}`), make(i));
  return dir;
}
