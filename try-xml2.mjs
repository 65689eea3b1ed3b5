import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseXmlDocument } from './dist/validate/parse/xml.js';
import fs from 'node:fs';
const dir='/work/shared/corpus/curity-xml/';
const files = fs.readdirSync(dir).filter(f=>f.endsWith('.xml')).map(f=>fs.readFileSync(dir+f,'utf8'));
const p = new XMLParser({ preserveOrder: true, captureMetaData: true, ignoreAttributes: false, parseTagValue:false, processEntities:false, trimValues:false});
const p2 = new XMLParser({ preserveOrder: false, ignoreAttributes: false, parseTagValue:false, processEntities:false, trimValues:false});
for (let round=0; round<3; round++) {
let a=performance.now(); for (const t of files) XMLValidator.validate(t); let b=performance.now(); for (const t of files) p.parse(t); let c=performance.now(); for (const t of files) p2.parse(t); let d=performance.now(); for (const t of files) parseXmlDocument(t); let e=performance.now();
console.log('validate', (b-a).toFixed(0), 'parse ordered+meta', (c-b).toFixed(0), 'parse plain', (d-c).toFixed(0), 'ours', (e-d).toFixed(0));
}
