// Verifies a Standard Webhooks v1a (ed25519) signature with Node's own crypto, knowing only the whpk_ public key.
// Input on stdin: {"publicKey": "whpk_...", "id", "timestamp", "body", "signatures": "v1,... v1a,..."}.
// Output: {"valid": true|false}, valid when any v1a signature verifies.
import { createPublicKey, verify } from 'node:crypto';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const raw = Buffer.from(input.publicKey.slice('whpk_'.length), 'base64');
const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');
const key = createPublicKey({ key: Buffer.concat([spkiPrefix, raw]), format: 'der', type: 'spki' });
const content = Buffer.from(`${input.id}.${input.timestamp}.${input.body}`, 'utf8');
const valid = input.signatures.split(' ')
  .filter((s) => s.startsWith('v1a,'))
  .some((s) => verify(null, content, key, Buffer.from(s.slice(4), 'base64')));
process.stdout.write(JSON.stringify({ valid }));
