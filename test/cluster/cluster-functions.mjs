// Local Lambda functions for the scale-out tests, run inside each server process.
import { request } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';

/** POSTs `body` to `url`; resolves once it is answered. */
const post = (url, body) =>
  new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST' }, (res) => res.resume().on('end', resolve));
    req.on('error', reject);
    req.end(body);
  });

export const functions = {
  // Doubles, after a short random delay so that tasks are often in flight when a server dies.
  work: async (event) => {
    await delay(Math.random() * 50);
    return { v: event.n * 2 };
  },
  // Fails half of its calls: its state retries until it succeeds.
  flaky: async (event) => {
    if (Math.random() < 0.5) throw Object.assign(new Error('try again'), { name: 'Flaky' });
    return event;
  },
  // Hands its task token to the test's collector, which answers it through any server.
  notify: async (event) => {
    await post(process.env.COLLECTOR_URL, JSON.stringify(event));
    return {};
  },
};
