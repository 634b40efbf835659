import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostAllowed } from './allowed-hosts.ts';

test('on loopback, only loopback names and configured ones: an IP address of the network is not ours', () => {
  const rules = { bindHost: 'localhost' };
  for (const host of ['localhost:8083', '127.0.0.1', '[::1]:1']) assert.ok(hostAllowed(rules, host), host);
  for (const host of ['10.0.0.5:8083', 'evil.example', '127.0.0.1.nip.io']) {
    assert.ok(!hostAllowed(rules, host), host);
  }
});

test('bound to the network: its own name, the advertised name and bare IP addresses too', () => {
  const rules = {
    bindHost: '0.0.0.0',
    advertiseUrl: 'http://node-a.internal:8083',
  };
  for (const host of ['node-a.internal:8083', '10.0.0.5:8083', '[fd00::5]:8083', 'localhost']) {
    assert.ok(hostAllowed(rules, host), host);
  }
  // A rebinding page is always served under a name, never under a bare address it does not own.
  assert.ok(!hostAllowed(rules, 'evil.example:8083'));
  assert.ok(hostAllowed({ bindHost: 'sfn.corp' }, 'SFN.corp:8083'));
});

test("allowedHosts '*' turns the check off", () => {
  assert.ok(hostAllowed({ bindHost: 'localhost', allowedHosts: ['*'] }, 'anything.example'));
});
