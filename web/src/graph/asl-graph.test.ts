import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { allEdges, allNodes, aslGraph } from './asl-graph.ts';

const examples = resolve(import.meta.dirname, '..', '..', '..', 'examples');
const read = (name: string): string => readFileSync(resolve(examples, name, 'definition.asl.json'), 'utf8');

test('daycare: Start, End, a node per state, Choice rules, Defaults and Fail states to End', () => {
  const graph = aslGraph(read('daycare-registration'));
  const states = allNodes(graph.nodes).filter((n) => n.kind === 'state');
  assert.equal(states.length, 10);
  const edges = allEdges(graph).map(
    (e) => `${e.source} -${e.kind}-> ${e.target}${e.label ? ` [${e.label}]` : ''}`,
  );
  assert.ok(edges.includes('start -next-> /checkInformation'));
  assert.ok(
    edges.includes('/isInformationValid -choice-> /checkAgeRange [$.checks.information.statusCode == 200]'),
  );
  assert.ok(edges.includes('/isInformationValid -default-> /InformationInvalid [Default]'));
  assert.ok(edges.includes('/AgeOutOfRange -next-> end'));
  assert.ok(edges.includes('/confirmRegistration -next-> end'));
  assert.equal(edges.length, 14);
});

test('order processing: Map and Parallel are groups holding their states; Catch edges carry errors', () => {
  const graph = aslGraph(read('order-processing'));
  const map = graph.nodes.find((n) => n.stateName === 'PriceItems');
  assert.equal(map?.kind, 'group');
  assert.deepEqual(
    map?.children.map((c) => c.id),
    ['/PriceItems/PriceItem'],
  );
  const parallel = graph.nodes.find((n) => n.stateName === 'FulfilOrder');
  assert.deepEqual(
    parallel?.children.map((b) => [b.kind, b.label, b.children.map((c) => c.stateName)]),
    [
      ['branch', 'Branch 1', ['ReserveInventory']],
      ['branch', 'Branch 2', ['ChargePayment']],
    ],
  );
  const catches = graph.edges.filter((e) => e.kind === 'catch').map((e) => `${e.target} ${e.label}`);
  assert.deepEqual(catches, ['/RejectOutOfStock OutOfStock', '/OrderFailed States.ALL']);
  // States inside a branch end their branch, not the machine: no edge to End from them.
  assert.ok(!allEdges(graph).some((e) => e.source.includes('ChargePayment') && e.target === 'end'));
});

test('nested scopes keep equal state names apart, and edges to unknown states are left out', () => {
  const graph = aslGraph({
    StartAt: 'P',
    States: {
      P: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } },
          { StartAt: 'A', States: { A: { Type: 'Succeed' } } },
        ],
        End: true,
      },
    },
  });
  const ids = allNodes(graph.nodes).map((n) => n.id);
  assert.ok(ids.includes('/P[0]/A') && ids.includes('/P[1]/A'));
  assert.ok(!allEdges(graph).some((e) => e.target.includes('Nowhere')));
});

test('a definition that is not JSON gives an empty graph instead of throwing', () => {
  assert.deepEqual(aslGraph('{ nope'), { nodes: [], edges: [] });
  assert.deepEqual(aslGraph('[1]'), { nodes: [], edges: [] });
});
