// Lays out an AslGraph with ELK's layered algorithm (top to bottom, like the AWS console) and
// flattens the result to absolute coordinates for the SVG renderer.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { AslGraph, EdgeKind, GraphEdge, GraphNode } from './asl-graph.ts';

export interface PlacedNode {
  readonly node: GraphNode;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedEdge {
  readonly edge: GraphEdge;
  readonly kind: EdgeKind;
  readonly points: readonly { x: number; y: number }[];
  readonly label?: { x: number; y: number; width: number; height: number; text: string };
}

export interface Layout {
  readonly width: number;
  readonly height: number;
  /** Groups first, so they are drawn beneath their children. */
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
}

const CHAR = 7; // px per character at the node font (13px system-ui), a safe overestimate
const LABEL_CHAR = 6.2;

function size(node: GraphNode): { width: number; height: number } {
  if (node.kind === 'start' || node.kind === 'end') return { width: 72, height: 32 };
  const text = Math.max(node.label.length, (node.stateType ?? '').length + 2);
  return { width: Math.max(150, Math.round(text * CHAR + 36)), height: 50 };
}

function toElkEdge(edge: GraphEdge): ElkExtendedEdge {
  return {
    id: edge.id,
    sources: [edge.source],
    targets: [edge.target],
    labels: edge.label
      ? [{ text: edge.label, width: Math.round(edge.label.length * LABEL_CHAR + 12), height: 18 }]
      : [],
  };
}

function toElkNode(node: GraphNode): ElkNode {
  if (node.children.length === 0 && node.kind !== 'group' && node.kind !== 'branch') {
    return { id: node.id, ...size(node) };
  }
  return {
    id: node.id,
    layoutOptions: {
      'elk.padding':
        node.kind === 'branch'
          ? '[top=28,left=14,bottom=14,right=14]'
          : '[top=40,left=16,bottom=16,right=16]',
      // Parallel branches sit side by side, as on AWS.
      ...(node.kind === 'group' && node.stateType === 'Parallel' ? { 'elk.direction': 'RIGHT' } : {}),
    },
    children: node.children.map(toElkNode),
    edges: node.edges.map(toElkEdge),
    ...(node.children.length === 0
      ? { width: size(node).width, height: node.kind === 'group' ? 84 : 60 }
      : {}),
  };
}

const ROOT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '44',
  'elk.spacing.nodeNode': '36',
  'elk.spacing.edgeLabel': '4',
  'elk.edgeLabels.inline': 'false',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
  'elk.padding': '[top=20,left=20,bottom=20,right=20]',
};

const elk = new ELK();

export async function layoutGraph(graph: AslGraph): Promise<Layout> {
  const byId = new Map<string, GraphNode>();
  const edgeById = new Map<string, GraphEdge>();
  const index = (nodes: readonly GraphNode[]): void => {
    for (const node of nodes) {
      byId.set(node.id, node);
      for (const edge of node.edges) edgeById.set(edge.id, edge);
      index(node.children);
    }
  };
  index(graph.nodes);
  for (const edge of graph.edges) edgeById.set(edge.id, edge);

  const input: ElkNode = {
    id: 'root',
    layoutOptions: ROOT_OPTIONS,
    children: graph.nodes.map(toElkNode),
    edges: graph.edges.map(toElkEdge),
  };
  const root: ElkNode = await elk.layout(input);

  const nodes: PlacedNode[] = [];
  const edges: PlacedEdge[] = [];
  const walk = (elkNode: ElkNode): void => {
    for (const child of elkNode.children ?? []) {
      const node = byId.get(child.id);
      if (node) {
        nodes.push({
          node,
          x: child.x ?? 0,
          y: child.y ?? 0,
          width: child.width ?? 0,
          height: child.height ?? 0,
        });
      }
      walk(child);
    }
    for (const edge of elkNode.edges ?? []) {
      const source = edgeById.get(edge.id);
      if (!source) continue;
      const points = (edge.sections ?? []).flatMap((section) => [
        section.startPoint,
        ...(section.bendPoints ?? []),
        section.endPoint,
      ]);
      const label = edge.labels?.[0];
      edges.push({
        edge: source,
        kind: source.kind,
        points,
        ...(label && source.label
          ? {
              label: {
                x: label.x ?? 0,
                y: label.y ?? 0,
                width: label.width ?? 0,
                height: label.height ?? 0,
                text: source.label,
              },
            }
          : {}),
      });
    }
  };
  walk(root);
  return { width: root.width ?? 0, height: root.height ?? 0, nodes, edges };
}
