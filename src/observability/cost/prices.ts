/**
 * AWS Step Functions list prices (aws.amazon.com/step-functions/pricing, on-demand, before the
 * free tier of 4,000 transitions a month, which an estimate per execution cannot apportion):
 * Standard per state transition; Express per request and per GB-second of billed duration × billed
 * memory (the first tier, up to 1,000 GB-hours a month, $0.06 per GB-hour). Regions not listed
 * are priced as us-east-1, and the estimate says which region it used.
 */
export interface PriceList {
  readonly region: string;
  readonly perTransition: number;
  readonly perExpressRequest: number;
  readonly perGbSecond: number;
}

const US_EAST_1: PriceList = {
  region: 'us-east-1',
  perTransition: 0.000025,
  perExpressRequest: 0.000001,
  perGbSecond: 0.00001667,
};

const PRICES: ReadonlyMap<string, PriceList> = new Map(
  ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1'].map((region) => [region, { ...US_EAST_1, region }]),
);

/** The price list of `region`, or us-east-1's when the table has none for it. */
export function pricesOf(region: string): PriceList {
  return PRICES.get(region) ?? US_EAST_1;
}

/**
 * What AWS bills an Express execution for: its duration rounded up to the next 100 ms, and memory
 * in 64 MB chunks. AWS estimates the memory from the definition and payload sizes (50 MB +
 * definition + data); Stepwise does not measure it and bills the one chunk most workflows use.
 */
export function expressBilling(durationMs: number): { billedDurationMs: number; billedMemoryMb: number } {
  return { billedDurationMs: Math.max(100, Math.ceil(durationMs / 100) * 100), billedMemoryMb: 64 };
}

/** The estimated price of a Standard execution's billed transitions, in US dollars. */
export function standardCost(transitions: number, prices: PriceList): number {
  return transitions * prices.perTransition;
}
