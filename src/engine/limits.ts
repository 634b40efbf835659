/** AWS's payload quota: 256 KiB of UTF-8 for inputs, outputs and task results. */
export const MAX_PAYLOAD_BYTES = 262_144;
