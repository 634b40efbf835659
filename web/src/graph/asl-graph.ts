// A definition as a graph, the way the AWS console draws it: Start and End nodes, one node per
// state, Next/Default/Choice-rule edges, dashed Catch edges labelled with their errors, and
// Parallel branches and Map processors as nested groups. Pure: no layout, no DOM.
import { ruleText, shorten } from './choice-rule.ts';

export type EdgeKind = 'next' | 'choice' | 'default' | 'catch';

export interface GraphEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly kind: EdgeKind;
  readonly label?: string;
}

export interface GraphNode {
  readonly id: string;
  /** `state`: a plain state; `group`: Parallel/Map (has children); `branch`: one Parallel branch. */
  readonly kind: 'start' | 'end' | 'state' | 'group' | 'branch';
  readonly label: string;
  readonly stateName?: string;
  readonly stateType?: string;
  readonly children: readonly GraphNode[];
  /** Edges between this node's children. */
  readonly edges: readonly GraphEdge[];
}

export interface AslGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const START_ID = 'start';
export const END_ID = 'end';

/** Node ids follow the nesting, so equal names in different scopes never collide. */
function nodeId(scope: string, name: string): string {
  return `${scope}/${name}`;
}

interface Scope {
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
}

function buildScope(machine: Json, scope: string, top: boolean): Scope {
  const states = isObject(machine.States) ? machine.States : {};
  const names = Object.keys(states);
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const known = new Set(names);
  let edgeCount = 0;
  const edge = (source: string, target: string, kind: EdgeKind, label?: string): void => {
    edges.push({ id: `${scope}#e${edgeCount++}`, source, target, kind, ...(label ? { label } : {}) });
  };
  const to = (name: unknown): string | undefined =>
    typeof name === 'string' && known.has(name) ? nodeId(scope, name) : undefined;

  if (top) {
    nodes.push({ id: START_ID, kind: 'start', label: 'Start', children: [], edges: [] });
    const first = to(machine.StartAt);
    if (first) edge(START_ID, first, 'next');
  }
  for (const name of names) {
    const state = states[name];
    if (!isObject(state)) continue;
    const id = nodeId(scope, name);
    const type = typeof state.Type === 'string' ? state.Type : 'Unknown';
    nodes.push(stateNode(id, name, type, state));
    const next = to(state.Next);
    if (next) edge(id, next, 'next');
    if (type === 'Choice') {
      const choices = Array.isArray(state.Choices) ? state.Choices : [];
      for (const rule of choices) {
        const target = isObject(rule) ? to(rule.Next) : undefined;
        if (target) edge(id, target, 'choice', shorten(ruleText(rule)));
      }
      const fallback = to(state.Default);
      if (fallback) edge(id, fallback, 'default', 'Default');
    }
    const catchers = Array.isArray(state.Catch) ? state.Catch : [];
    for (const catcher of catchers) {
      if (!isObject(catcher)) continue;
      const target = to(catcher.Next);
      const errors = Array.isArray(catcher.ErrorEquals) ? catcher.ErrorEquals.join(', ') : '';
      if (target) edge(id, target, 'catch', shorten(errors));
    }
    const ends = state.End === true || type === 'Succeed' || type === 'Fail';
    if (top && ends) edge(id, END_ID, 'next');
  }
  if (top) nodes.push({ id: END_ID, kind: 'end', label: 'End', children: [], edges: [] });
  return { nodes, edges };
}

function stateNode(id: string, name: string, type: string, state: Json): GraphNode {
  const base = { id, label: name, stateName: name, stateType: type };
  if (type === 'Parallel') {
    const branches = Array.isArray(state.Branches) ? state.Branches : [];
    const children = branches.filter(isObject).map((branch, index): GraphNode => {
      const inner = buildScope(branch, `${id}[${index}]`, false);
      return {
        id: `${id}[${index}]`,
        kind: 'branch',
        label: `Branch ${index + 1}`,
        children: inner.nodes,
        edges: inner.edges,
      };
    });
    return { ...base, kind: 'group', children, edges: [] };
  }
  if (type === 'Map') {
    const processor = isObject(state.ItemProcessor) ? state.ItemProcessor : state.Iterator;
    const inner = isObject(processor) ? buildScope(processor, id, false) : { nodes: [], edges: [] };
    return { ...base, kind: 'group', children: inner.nodes, edges: inner.edges };
  }
  return { ...base, kind: 'state', children: [], edges: [] };
}

/** Builds the graph of a definition (its JSON text or parsed value); bad input gives an empty graph. */
export function aslGraph(definition: unknown): AslGraph {
  const machine = typeof definition === 'string' ? safeParse(definition) : definition;
  if (!isObject(machine)) return { nodes: [], edges: [] };
  const root = buildScope(machine, '', true);
  return { nodes: root.nodes, edges: root.edges };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Every node of the graph, depth first (groups before their children). */
export function allNodes(nodes: readonly GraphNode[]): GraphNode[] {
  return nodes.flatMap((node) => [node, ...allNodes(node.children)]);
}

/** Every edge of the graph, at every nesting level. */
export function allEdges(graph: AslGraph): GraphEdge[] {
  return [...graph.edges, ...allNodes(graph.nodes).flatMap((node) => node.edges)];
}
