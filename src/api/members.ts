/**
 * Member shapes several actions share, with the constraints of AWS's service model
 * (botocore stepfunctions 2016-11-23: Arn 1-256, Name 1-80, PageSize 0-1000, ...).
 */
export const ArnMember = { type: 'string', min: 1, max: 256 } as const;
export const RequiredArnMember = { ...ArnMember, required: true } as const;
export const NameMember = { type: 'string', min: 1, max: 80 } as const;
export const PageSizeMember = { type: 'integer', min: 0, max: 1000 } as const;
export const PageTokenMember = { type: 'string', min: 1, max: 1024 } as const;
export const StateMachineTypeMember = { type: 'string', enum: ['STANDARD', 'EXPRESS'] } as const;
export const IncludedDataMember = { type: 'string', enum: ['ALL_DATA', 'METADATA_ONLY'] } as const;
export const TaskTokenMember = { type: 'string', required: true, min: 1, max: 2048 } as const;
