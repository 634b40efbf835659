// JSON with syntax highlighting: a small tokenizer over pretty-printed text (keys, strings,
// numbers, literals, punctuation); anything that is not JSON is shown as plain text.
import type { ReactNode } from 'react';
import { prettyJson } from '../format.ts';

const TOKEN = /("(?:\\.|[^"\\])*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g;

function highlight(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let key = 0;
  for (const match of text.matchAll(TOKEN)) {
    const index = match.index;
    if (index > last) out.push(text.slice(last, index));
    if (match[1] !== undefined) {
      out.push(
        <span key={key++} className={match[2] ? 'j-key' : 'j-str'}>
          {match[1]}
        </span>,
      );
      if (match[2]) out.push(match[2]);
    } else if (match[3] !== undefined) {
      out.push(
        <span key={key++} className="j-num">
          {match[3]}
        </span>,
      );
    } else {
      out.push(
        <span key={key++} className="j-lit">
          {match[4]}
        </span>,
      );
    }
    last = index + match[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function isJsonText(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export function JsonView({
  text,
  empty = 'No data',
  testId,
}: {
  text: string | undefined;
  empty?: string;
  testId?: string;
}) {
  if (text === undefined || text === '') {
    return (
      <p className="muted" data-testid={testId}>
        {empty}
      </p>
    );
  }
  const pretty = prettyJson(text);
  // A cause is often plain text ("LAMP-4 is out of stock"): only JSON gets colours.
  const isJson = pretty !== text || isJsonText(text);
  return (
    <pre className="json" data-testid={testId}>
      <code>{isJson ? highlight(pretty) : text}</code>
    </pre>
  );
}
