// Local Lambda functions of the expense-approval example.
export const functions = {
  // Stands in for an email or chat message with approve/reject links.
  notifyApprover: async (event) => {
    console.log(
      `[expense-approval] ${event.employee} asks for ${event.amount} (${event.reason}).\n` +
        `  approve: npm run stepwise -- send-task-success ${event.taskToken} '{"approved":true}'\n` +
        `  reject:  npm run stepwise -- send-task-failure ${event.taskToken} Rejected "over budget"`,
    );
    return { notified: true };
  },
  reimburse: async (event) => ({
    status: 'reimbursed',
    employee: event.employee,
    amount: event.amount,
    approvedBy: event.approval?.approver ?? 'auto',
  }),
};
