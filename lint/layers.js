// Stepwise's own lint rules for what import-x cannot say (DESIGN.md "Who may import whom"):
// every folder is entered through its index.ts, concrete drivers are reached from the composition
// root only, production code never imports test code, and no cycles, type-only imports included
// (import-x/no-cycle skips those).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..');
const src = resolve(root, 'src');

/** Files only tests use: kept out of `dist/` by tsconfig.build.json's `exclude`, which lists the same. */
function isTestOnly(file) {
  const rel = relative(root, file).split(sep).join('/');
  return (
    rel.endsWith('.test.ts') ||
    rel.endsWith('-fixture.ts') ||
    rel === 'src/store/contract.ts' ||
    rel === 'src/store/activity-contract.ts' ||
    rel === 'src/store/lease-contract.ts' ||
    rel === 'src/store/lifecycle-contract.ts' ||
    rel.startsWith('src/test-support/') ||
    rel.startsWith('test/') ||
    rel.startsWith('bench/')
  );
}

/** A composition root may pick concrete drivers: server/ and tests (DESIGN.md rule 5). */
function composes(file) {
  const rel = relative(root, file).split(sep).join('/');
  return rel.startsWith('src/server/') || isTestOnly(file);
}

function relativeSpecifiers(text) {
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((name) => name.startsWith('.'));
}

function resolveImport(from, specifier) {
  const target = resolve(dirname(from), specifier);
  return existsSync(target) ? target : undefined;
}

function eachImport(context, check) {
  const visit = (node) => {
    const source = node.source;
    if (source?.type === 'Literal' && typeof source.value === 'string' && source.value.startsWith('.')) {
      const target = resolveImport(context.physicalFilename, source.value);
      if (target !== undefined) check(node, target);
    }
  };
  return {
    ImportDeclaration: visit,
    ExportNamedDeclaration: visit,
    ExportAllDeclaration: visit,
    ImportExpression: visit,
  };
}

const enterThroughIndex = {
  meta: {
    type: 'problem',
    messages: {
      deep: "Enter '{{folder}}' through its index.ts, not '{{file}}' (DESIGN.md rule 7).",
      drivers:
        "Concrete drivers ('{{file}}') are picked by the composition root, server/ (DESIGN.md rule 5).",
      testCode: "'{{file}}' is test code: production code must not import it (it is not built).",
    },
  },
  create(context) {
    const file = context.physicalFilename;
    return eachImport(context, (node, target) => {
      const shown = relative(root, target).split(sep).join('/');
      if (!isTestOnly(file) && isTestOnly(target)) {
        context.report({ node, messageId: 'testCode', data: { file: shown } });
        return;
      }
      // The folder being entered: the first one below the deepest folder both files share.
      const fromDir = dirname(file);
      const toDir = dirname(target);
      const up = relative(fromDir, toDir).split(sep);
      const shared = up.filter((part) => part === '..').length;
      const down = up.slice(shared).filter((part) => part !== '' && part !== '.');
      if (down.length === 0) return;
      let common = fromDir;
      for (let i = 0; i < shared; i++) common = dirname(common);
      // Folders without an index.ts (src/ itself, asl/states/) only group others: look further down.
      let entered = common;
      let found = false;
      for (const part of down) {
        entered = resolve(entered, part);
        if (existsSync(resolve(entered, 'index.ts'))) {
          found = true;
          break;
        }
      }
      if (!found) return;
      const door = relative(entered, target).split(sep).join('/');
      if (door === 'index.ts') return;
      const layer = relative(src, entered).split(sep).join('/');
      if (door === 'drivers.ts' && (layer === 'store' || layer === 'integrations')) {
        if (!composes(file)) context.report({ node, messageId: 'drivers', data: { file: shown } });
        return;
      }
      context.report({
        node,
        messageId: 'deep',
        data: { folder: relative(root, entered).split(sep).join('/'), file: shown },
      });
    });
  },
};

// Strongly connected components of the import graph, found once per lint run (Tarjan).
const edges = new Map();
const component = new Map();
function importsOf(file) {
  let list = edges.get(file);
  if (list === undefined) {
    list = relativeSpecifiers(readFileSync(file, 'utf8'))
      .map((spec) => resolveImport(file, spec))
      .filter((target) => target !== undefined && target.endsWith('.ts'));
    edges.set(file, list);
  }
  return list;
}
function findComponents(start) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  let next = 0;
  const strongConnect = (v) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of importsOf(v)) {
      if (component.has(w)) continue;
      if (!index.has(w)) {
        strongConnect(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v) === index.get(v)) {
      const members = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        members.push(w);
      } while (w !== v);
      for (const m of members) component.set(m, members);
    }
  };
  strongConnect(start);
}

const noCycle = {
  meta: {
    type: 'problem',
    messages: { cycle: "Import cycle: '{{file}}' imports this file back (type-only imports count too)." },
  },
  create(context) {
    const file = context.physicalFilename;
    if (!file.endsWith('.ts') || !existsSync(file)) return {};
    if (!component.has(file)) findComponents(file);
    const mine = component.get(file);
    if (mine.length < 2) return {};
    return eachImport(context, (node, target) => {
      if (mine.includes(target)) {
        context.report({
          node,
          messageId: 'cycle',
          data: { file: relative(root, target).split(sep).join('/') },
        });
      }
    });
  },
};

export default {
  meta: { name: 'stepwise-layers' },
  rules: { 'enter-through-index': enterThroughIndex, 'no-cycle': noCycle },
};
