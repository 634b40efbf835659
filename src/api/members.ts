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
export const DefinitionMember = { type: 'string', min: 1, max: 1_048_576, sensitive: true } as const;
export const LongArnMember = { type: 'string', min: 1, max: 2000 } as const;
export const TagsMember = {
  type: 'list',
  member: {
    type: 'structure',
    members: { key: { type: 'string', min: 1, max: 128 }, value: { type: 'string', max: 256 } },
  },
} as const;
/** Alias names must hold a letter, `_`, `-` or `.`, so that they never look like a version number. */
export const AliasNameMember = {
  type: 'string',
  required: true,
  min: 1,
  max: 80,
  pattern: '^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$',
} as const;
export const RoutingConfigurationMember = {
  type: 'list',
  min: 1,
  max: 2,
  member: {
    type: 'structure',
    members: {
      stateMachineVersionArn: { ...RequiredArnMember },
      weight: { type: 'integer', required: true, min: 0, max: 100 },
    },
  },
} as const;
/** Version and alias descriptions (VersionDescription, AliasDescription: 0-256, sensitive). */
export const DescriptionMember = { type: 'string', max: 256, sensitive: true } as const;
export const TracingConfigurationMember = {
  type: 'structure',
  members: { enabled: { type: 'boolean' } },
} as const;
export const EncryptionConfigurationMember = {
  type: 'structure',
  members: {
    kmsKeyId: { type: 'string', min: 1, max: 2048 },
    kmsDataKeyReusePeriodSeconds: { type: 'integer', min: 60, max: 900 },
    type: { type: 'string', required: true, enum: ['AWS_OWNED_KEY', 'CUSTOMER_MANAGED_KMS_KEY'] },
  },
} as const;
export const TaskTokenMember = { type: 'string', required: true, min: 1, max: 2048 } as const;
