// Gathers the corpus of `npm run measure:real-world` from git mirrors of public sample repositories
// (read with git, no work tree needed):
//   npm run extract:real-world -- /tmp/real-world/defs <git dir> [<git dir> …]
// Every JSON, YAML or Terraform file of the repositories' HEAD is read, and every object in it that is a state
// machine definition (a `StartAt` string and a `States` object) is written out as one JSON file:
// `*.asl.json` files, `statemachine/*.json`, definitions inline in SAM / CloudFormation templates
// (`Definition`, or `DefinitionString` as text or `!Sub` text), in Serverless Framework files and
// in Terraform heredocs.
// A SAM state machine's `DefinitionSubstitutions` whose values are text (`arn:aws:states:::…` or
// `!Sub` text) are applied to its `DefinitionUri` file, as SAM does when it deploys; other values
// (`!GetAtt`, `!Ref`) stay placeholders, which the measure reads as the Lambda functions they
// usually are. Identical definitions are written once.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
import type { ScalarTag, CollectionTag } from 'yaml';
import { parseAllDocuments } from 'yaml';

const [out, ...mirrors] = process.argv.slice(2);
if (!out || mirrors.length === 0) {
  console.error('usage: npm run extract:real-world -- <output folder> <git dir>…');
  process.exit(2);
}

/** CloudFormation's short-form functions: `!Sub` keeps its text, the others become a placeholder. */
const INTRINSICS = [
  'Ref',
  'Sub',
  'GetAtt',
  'Join',
  'Select',
  'Split',
  'If',
  'Equals',
  'Not',
  'And',
  'Or',
  'FindInMap',
  'Base64',
  'Cidr',
  'ImportValue',
  'GetAZs',
  'Condition',
  'Transform',
  'ToJsonString',
  'Length',
];
const placeholder = (name: string, value: unknown): unknown => {
  if (name === 'Sub') return Array.isArray(value) ? value[0] : value;
  // No quotes or braces: the placeholder may be substituted into a definition's JSON text.
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `\${${name}:${text.replace(/["\\{}]/g, '')}}`;
};
const TAGS: (ScalarTag | CollectionTag)[] = INTRINSICS.flatMap((name) => [
  { tag: `!${name}`, resolve: (text: string) => placeholder(name, text) },
  ...(['seq', 'map'] as const).map((collection): CollectionTag => ({
    tag: `!${name}`,
    collection,
    resolve: (node) => placeholder(name, node.toJSON()),
  })),
]);

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
}

function parsed(path: string, text: string): unknown[] {
  try {
    if (path.endsWith('.json')) return [JSON.parse(text)];
    // Terraform: definitions in heredocs (`definition = <<EOF … EOF`).
    if (path.endsWith('.tf')) return [...text.matchAll(/<<-?(\w+)\n([\s\S]*?)\n\s*\1\b/g)].map((m) => m[2]);
    return parseAllDocuments(text, { customTags: TAGS, uniqueKeys: false })
      .filter((d) => d.errors.length === 0)
      .map((d) => d.toJSON() as unknown);
  } catch {
    return [];
  }
}

const isDefinition = (v: unknown): v is Record<string, unknown> =>
  !!v &&
  typeof v === 'object' &&
  typeof (v as Record<string, unknown>)['StartAt'] === 'string' &&
  !!(v as Record<string, unknown>)['States'] &&
  typeof (v as Record<string, unknown>)['States'] === 'object';

/** A definition given as text (`DefinitionString`), if it is one. */
function fromText(text: string): Record<string, unknown> | undefined {
  if (!text.includes('StartAt')) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return isDefinition(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

interface Found {
  readonly definitions: Record<string, unknown>[];
  /** `DefinitionUri` (relative to the template) → its `DefinitionSubstitutions` of text. */
  readonly substitutions: Map<string, Record<string, string>>;
}

function walk(node: unknown, found: Found): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, found);
    return;
  }
  if (typeof node === 'string') {
    const d = fromText(node);
    if (d) found.definitions.push(d);
    return;
  }
  if (!node || typeof node !== 'object') return;
  if (isDefinition(node)) {
    found.definitions.push(node);
    return;
  }
  const record = node as Record<string, unknown>;
  const uri = record['DefinitionUri'];
  const subs = record['DefinitionSubstitutions'];
  if (typeof uri === 'string' && subs && typeof subs === 'object') {
    const text = Object.entries(subs).filter((e): e is [string, string] => typeof e[1] === 'string');
    found.substitutions.set(uri, Object.fromEntries(text));
  }
  for (const value of Object.values(record)) walk(value, found);
}

const substitute = (text: string, subs: Record<string, string>): string =>
  text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (all, name: string) => subs[name] ?? all);

mkdirSync(out, { recursive: true });
const seen = new Set<string>();
let files = 0;
let written = 0;
for (const mirror of mirrors) {
  const repo = basename(dirname(mirror)).replace(/^.*\+/, '');
  const paths = git(mirror, 'ls-tree', '-r', '--name-only', 'HEAD')
    .split('\n')
    .filter((p) => /\.(json|ya?ml|tf)$/.test(p) && !/(^|\/)(node_modules|cdk\.out|\.aws-sam)\//.test(p))
    .filter((p) => !/(package(-lock)?|tsconfig|cdk|Postman)\.json$/.test(p));
  const texts = new Map(paths.map((p) => [p, git(mirror, 'show', `HEAD:${p}`)]));
  // Substitutions first: a template names the definition files they apply to.
  const subsOf = new Map<string, Record<string, string>>();
  const found = new Map<string, Record<string, unknown>[]>();
  for (const [path, text] of texts) {
    if (!text.includes('StartAt') && !text.includes('DefinitionSubstitutions')) continue;
    const f: Found = { definitions: [], substitutions: new Map() };
    for (const doc of parsed(path, text)) walk(doc, f);
    for (const [uri, subs] of f.substitutions)
      subsOf.set(posix.normalize(posix.join(posix.dirname(path), uri)), subs);
    if (f.definitions.length) found.set(path, f.definitions);
  }
  for (const [path, definitions] of found) {
    files++;
    definitions.forEach((definition, i) => {
      const subs = subsOf.get(path);
      const text = JSON.stringify(definition, null, 2);
      const final = subs ? substitute(text, subs) : text;
      let canonical: string;
      try {
        canonical = JSON.stringify(JSON.parse(final));
      } catch {
        canonical = final;
      }
      const hash = createHash('sha256').update(canonical).digest('hex');
      if (seen.has(hash)) return;
      seen.add(hash);
      const name = `${path.replace(/[^A-Za-z0-9._-]+/g, '__')}${definitions.length > 1 ? `-${i + 1}` : ''}`;
      mkdirSync(join(out, repo), { recursive: true });
      writeFileSync(join(out, repo, name.endsWith('.json') ? name : `${name}.json`), final);
      written++;
    });
  }
}
console.log(`${written} distinct definitions from ${files} files written to ${out}`);
