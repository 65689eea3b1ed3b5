import { parseXmlDocument } from './dist/validate/parse/xml.js';
import fs from 'node:fs';
const dir='/work/shared/corpus/curity-xml/';
let total=0;
for (const f of fs.readdirSync(dir).filter(f=>f.endsWith('.xml'))) {
  const t = fs.readFileSync(dir+f,'utf8');
  const s=performance.now(); const r = parseXmlDocument(t); total+=performance.now()-s;
  if (!r.ok) console.log(f, r);
}
console.log('total ms', total.toFixed(1));
const r = parseXmlDocument('\uFEFF<config xmlns="http://tail-f.com/ns/config/1.0">\n  <a:x xmlns:a="urn:a" q="1&gt;2">  v &amp; w </a:x><y><![CDATA[z]]></y><z/><z/>\n</config>');
const show = (e, d=0) => { console.log(' '.repeat(d), e.name, e.local, e.namespace, JSON.stringify(e.text), e.offset, e.textOffset, e.path, e.attributes); e.children.forEach(c=>show(c,d+1)); };
show(r.doc.root);
let s=performance.now(); console.log(parseXmlDocument('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><config xmlns="http://tail-f.com/ns/config/1.0">&lol2;</config>'), performance.now()-s);
s=performance.now(); console.log(parseXmlDocument('<a>'.repeat(19000)+'</a>'.repeat(19000)), performance.now()-s);
s=performance.now(); console.log(parseXmlDocument('<r>'+'<a/>'.repeat(30000)+'</r>'), performance.now()-s);
