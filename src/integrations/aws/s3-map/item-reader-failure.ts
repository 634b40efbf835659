/** Why the items could not be read: the Map Run fails with States.ItemReaderFailed and this cause. */
export class ItemReaderFailure extends Error {}
