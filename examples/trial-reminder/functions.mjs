// Local Lambda functions of the trial-reminder example. A real deployment would send mail and
// read the billing system; these only answer as such functions would.
const PLANS = { 'C-100': 'team', 'C-200': 'none' };

export const functions = {
  sendTrialEmail: async ({ to, template }) => ({ sent: true, to, template }),
  checkPlan: async ({ customerId }) => ({ customerId, plan: PLANS[customerId] ?? 'none' }),
  closeTrialAccount: async ({ customerId }) => ({ customerId, closed: true }),
};
