// The concrete stores, for the composition root (server/) and tests only (DESIGN.md rule 5).
export { openStore } from './open.ts';
export { MemoryStore } from './memory/index.ts';
