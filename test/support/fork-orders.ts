// The state machine the bulk fork tests fork: a step before the state forked from, and a version
// that fixes what failed there.

/** `early` inputs fail before Check (they never enter it); the others fail at Check, unless `ok`. */
export const BROKEN_ORDERS = {
  StartAt: 'Prepare',
  States: {
    Prepare: {
      Type: 'Choice',
      Choices: [{ Variable: '$.early', IsPresent: true, Next: 'Early' }],
      Default: 'Check',
    },
    Early: { Type: 'Fail', Error: 'Early', Cause: 'before Check' },
    Check: {
      Type: 'Choice',
      Choices: [{ Variable: '$.ok', IsPresent: true, Next: 'Done' }],
      Default: 'Refuse',
    },
    Refuse: { Type: 'Fail', Error: 'Refused', Cause: 'no ok' },
    Done: { Type: 'Pass', Result: 'done', ResultPath: '$.result', End: true },
  },
};

/** The fix: Check's default no longer fails. */
export const FIXED_ORDERS = {
  ...BROKEN_ORDERS,
  States: { ...BROKEN_ORDERS.States, Refuse: BROKEN_ORDERS.States.Done },
};
