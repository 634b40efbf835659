// Events in and out (DESIGN.md: schedules, HTTP triggers, status-change events and rules). The
// composition root (server/) builds a Triggers beside the engine and routes their HTTP to it.
export type { ScheduleDeclaration } from './triggers.ts';
export { Triggers } from './triggers.ts';
export type { RestAnswer } from './schedules/schedules-api.ts';
export { isSchedulesPath } from './schedules/schedules-api.ts';
export { verifyDelivery } from './events/webhook-signature.ts';
export type { QueueSend } from './schedules/dead-letters.ts';
export type { HttpTrigger } from './http/http-trigger.ts';
