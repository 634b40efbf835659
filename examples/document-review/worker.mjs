// The activity worker of the document-review example. Run it next to `npm start`:
//   npm run stepwise -- worker --handler examples/document-review/worker.mjs \
//     --activity arn:aws:states:us-east-1:123456789012:activity:document-review
class DocumentUnreadable extends Error {
  name = 'DocumentUnreadable';
}

const BANNED = ['lorem', 'ipsum', 'TODO'];

export async function handler(input, { heartbeat }) {
  if (typeof input.body !== 'string' || input.body.trim() === '') {
    throw new DocumentUnreadable(`"${input.title}" has no text`);
  }
  const paragraphs = input.body.split(/\n\s*\n/);
  const issues = [];
  for (const [i, paragraph] of paragraphs.entries()) {
    // A long review tells Step Functions it is still alive (HeartbeatSeconds: 30).
    await heartbeat();
    for (const word of BANNED)
      if (paragraph.includes(word)) issues.push(`paragraph ${i + 1} contains "${word}"`);
  }
  const words = input.body.split(/\s+/).filter(Boolean).length;
  if (words < 5) issues.push('too short');
  return { approved: issues.length === 0, words, issues };
}
