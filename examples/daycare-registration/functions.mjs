// Local Lambda functions of the daycare registration example: handler(event) -> { statusCode, body }.
const SPOTS = { toddlers: 3, preschool: 0, 'pre-k': 5 };

const yearsBetween = (from, to) => {
  const a = new Date(from);
  const b = new Date(to);
  let years = b.getUTCFullYear() - a.getUTCFullYear();
  if (
    b.getUTCMonth() < a.getUTCMonth() ||
    (b.getUTCMonth() === a.getUTCMonth() && b.getUTCDate() < a.getUTCDate())
  ) {
    years--;
  }
  return years;
};

export const functions = {
  checkInformation: async (event) => {
    const missing = [];
    if (!event?.child?.name) missing.push('child.name');
    if (!event?.child?.dateOfBirth || Number.isNaN(Date.parse(event.child.dateOfBirth)))
      missing.push('child.dateOfBirth');
    if (!event?.parent?.name) missing.push('parent.name');
    if (!/^[^@\s]+@[^@\s]+$/.test(event?.parent?.email ?? '')) missing.push('parent.email');
    if (!event?.program) missing.push('program');
    if (!event?.startDate || Number.isNaN(Date.parse(event.startDate))) missing.push('startDate');
    return missing.length
      ? { statusCode: 400, body: { message: 'Missing or invalid fields', fields: missing } }
      : { statusCode: 200, body: { message: 'Information complete' } };
  },
  checkAgeRange: async (event) => {
    const age = yearsBetween(event.child.dateOfBirth, event.startDate);
    return age >= 2 && age <= 5
      ? { statusCode: 200, body: { age } }
      : { statusCode: 400, body: { age, message: 'Age out of range (2-5)' } };
  },
  checkSpotsAvailability: async (event) => {
    const left = SPOTS[event.program] ?? 0;
    return left > 0
      ? { statusCode: 200, body: { program: event.program, spotsLeft: left } }
      : { statusCode: 409, body: { program: event.program, spotsLeft: 0 } };
  },
  confirmRegistration: async (event) => ({
    statusCode: 200,
    body: {
      registrationId: `REG-${event.child.name.replace(/\W+/g, '').toUpperCase()}-${event.startDate.slice(0, 10)}`,
      child: event.child.name,
      program: event.program,
      startDate: event.startDate,
      status: 'CONFIRMED',
    },
  }),
};
