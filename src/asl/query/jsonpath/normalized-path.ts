import type { PathRoot, Segment } from './segments.ts';

/**
 * The root as Jayway prints it. Jayway only knows `$`: AWS evaluates `$$.a` as `$.a` on the
 * context object (as LocalStack does too), so messages print `$['a']`; variables likewise.
 */
export function rootText(root: PathRoot): string {
  return root.kind === 'current' ? '@' : '$';
}

/** Jayway's normalized form of one token, e.g. `['a']`, `[0]`, `[*]`, `..`, `[1:3]`. */
export function segmentText(segment: Segment): string {
  switch (segment.kind) {
    case 'property':
      return `[${segment.names.map((n) => `'${n}'`).join(',')}]`;
    case 'index':
      return `[${segment.indices.join(',')}]`;
    case 'fromEnd':
      return `[@.size()-${segment.count}]`;
    case 'wildcard':
      return '[*]';
    case 'slice':
      return `[${segment.from ?? ''}:${segment.to ?? ''}]`;
    case 'filter':
      return `[?(${segment.text})]`;
    case 'scan':
      return '..';
    case 'function':
      return `.${segment.name}()`;
  }
}

/** The normalized path Jayway prints in "No results for path: $['a'][0]". */
export function normalizedPath(root: PathRoot, segments: readonly Segment[]): string {
  return rootText(root) + segments.map(segmentText).join('');
}
