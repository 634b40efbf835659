// The API's wire shapes come from the server's own definition (src/api/shapes.ts), so the console
// and the server cannot drift apart. Type-only: nothing of the server is bundled (DESIGN.md rule 6).
export type * from '../../../src/api/shapes.ts';
