import { XMLParser, XMLValidator } from 'fast-xml-parser';
import fs from 'node:fs';
for (const n of [1000, 10000, 50000, 100000]) {
  const deep='<a>'.repeat(n)+'</a>'.repeat(n);
  const flat='<r>'+'<a>x</a>'.repeat(n)+'</r>';
  let t=performance.now(); XMLValidator.validate(deep); const d=performance.now()-t;
  t=performance.now(); XMLValidator.validate(flat); const f=performance.now()-t;
  const p = new XMLParser({ preserveOrder: true, captureMetaData: true, ignoreAttributes: false, parseTagValue:false, processEntities:false, maxNestedTags: 100000000});
  t=performance.now(); try{p.parse(deep)}catch(e){console.log(e.message)} const pd=performance.now()-t;
  t=performance.now(); p.parse(flat); const pf=performance.now()-t;
  console.log(n, 'deep', d.toFixed(1), 'flat', f.toFixed(1), 'parse deep', pd.toFixed(1), 'parse flat', pf.toFixed(1));
}
const big = fs.readFileSync('/work/shared/corpus/curity-xml/curityio__devops-dashboard-example__config-backup.xml','utf8');
let t=performance.now(); XMLValidator.validate(big); console.log('validate 70KB', (performance.now()-t).toFixed(1));
const p = new XMLParser({ preserveOrder: true, captureMetaData: true, ignoreAttributes: false, parseTagValue:false, processEntities:false});
t=performance.now(); p.parse(big); console.log('parse 70KB', (performance.now()-t).toFixed(1));
