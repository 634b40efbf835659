// Local Lambda functions of the expense-approval example.
export const functions = {
  // Stands in for an email or chat message with approve/reject links.
  notifyApprover: async (event) => {
    console.log(
      `[expense-approval] ${event.employee} asks for ${event.amount} (${event.reason}).\n` +
        `  approve: npm run stepwise -- send-task-success ${event.taskToken} '{"approved":true,"approver":"YOUR NAME"}'\n` +
        `  decline: npm run stepwise -- send-task-success ${event.taskToken} '{"approved":false,"approver":"YOUR NAME"}'\n` +
        `  reject:  npm run stepwise -- send-task-failure ${event.taskToken} Rejected "over budget"`,
    );
    return { notified: true };
  },
  // Reached only when the amount is small (no approval asked) or the answer said "approved": true.
  reimburse: async (event) => ({
    status: 'reimbursed',
    employee: event.employee,
    amount: event.amount,
    approvedBy: event.approval ? (event.approval.approver ?? 'an approver who gave no name') : 'auto',
  }),
};
